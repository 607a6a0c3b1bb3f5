using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>Guessing join codes from one address: 404 until the limiter's budget is spent, then 429 with Retry-After.</summary>
internal static class JoinBruteForceAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var statuses = new Dictionary<HttpStatusCode, int>();
        string? retryAfter = null;
        for (var i = 0; i < 100; i++)
        {
            var code = string.Concat(Enumerable.Range(0, 8).Select(_ => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[Random.Shared.Next(31)]));
            using var response = await client.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = code, RunnerName = "guess" }, ct);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter ??= response.Headers.RetryAfter?.ToString();
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(100, statuses.GetValueOrDefault(HttpStatusCode.NotFound) + statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 70, "the 30-per-minute budget (3 used by the real joins) is spent");
        Assert.NotNull(retryAfter);
        return $"100 guesses: {statuses.GetValueOrDefault(HttpStatusCode.NotFound)}×404, {statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests)}×429 (Retry-After {retryAfter} s)";
    }
}
