using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>What every abuse and the healthy clients share: the step timeout, a plausible sample, HTTP ingest.</summary>
internal static class AbuseClient
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static MetricSample Sample(long seq) => new() { Seq = seq, ObservedAt = Now, HeartRateBpm = 150, CadenceSpm = 178, SpeedMps = 4.1 };

    public static async Task<HttpResponseMessage> PostIngestAsync(HttpClient client, string token, SampleBatch batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, ct);
    }

    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
