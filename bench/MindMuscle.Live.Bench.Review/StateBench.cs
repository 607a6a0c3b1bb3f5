using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace MindMuscle.Live.Bench.Review;

/// <summary>
/// Scrubbing's hub side: <c>GET /api/sessions/{id}/state?at=</c> (every runner's latest sample at an instant) at
/// instants spread over the recording, as a reader dragging the review's timeline asks for them.
/// </summary>
internal static class StateBench
{
    public static async Task TimeAsync(HttpClient http, string token, string sessionId, int runners, long from, long to, int reps)
    {
        var times = new List<double>();
        var random = new Random(42);
        for (var i = 0; i <= reps; i++)
        {
            var at = from + (long)(random.NextDouble() * (to - from));
            using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/api/sessions/{sessionId}/state?at={at}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            if (body.Length < runners * 50)
            {
                throw new InvalidOperationException($"state at {at}: a {body.Length}-byte answer for {runners} runners");
            }
        }

        var warm = times.Skip(1).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| state at an instant, {runners} runners | - | {times[0]:F1} | {warm[warm.Length / 2]:F1} | {warm[(int)Math.Ceiling(warm.Length * 0.95) - 1]:F1} | {warm[^1]:F1} |"));
    }
}
