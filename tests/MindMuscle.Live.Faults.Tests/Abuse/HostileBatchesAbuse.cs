using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>Out-of-order, repeated, zero, far-future seqs/times, NaN/±Infinity/negatives, oversize: typed 400s.</summary>
internal static class HostileBatchesAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, string token, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var refused = new Dictionary<string, int>(StringComparer.Ordinal);

        // One valid batch first so "nothing bad recorded" has something to keep.
        using (var first = await PostIngestAsync(client, token, new SampleBatch { Samples = [Sample(1)] }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var batches = new (string Expect, SampleBatch Batch)[]
        {
            ("seqOrder", new SampleBatch { Samples = [Sample(5), Sample(4)] }),
            ("seqOrder", new SampleBatch { Samples = [Sample(6), Sample(6)] }),
            ("seq", new SampleBatch { Samples = [Sample(0)] }),
            ("seq", new SampleBatch { Samples = [Sample(-3)] }),
            ("observedAt", new SampleBatch { Samples = [Sample(7) with { ObservedAt = Now + (long)TimeSpan.FromDays(365).TotalMilliseconds }] }),
            ("observedAt", new SampleBatch { Samples = [Sample(7) with { ObservedAt = 0 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { SpeedMps = -1 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { HeartRateBpm = -60 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { DistanceM = -0.5 }] }),
            ("batchTooLarge", new SampleBatch { Samples = [.. Enumerable.Range(2, 501).Select(i => Sample(i))] }),
        };
        foreach (var (expect, batch) in batches)
        {
            using var response = await PostIngestAsync(client, token, batch, ct);
            var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>(ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expect, problem!["reason"].GetString());
            Assert.Contains("Nothing of the batch was recorded", problem["detail"].GetString(), StringComparison.Ordinal);
            refused[expect] = refused.GetValueOrDefault(expect) + 1;
        }

        // JSON cannot carry NaN or infinities: literal tokens are a malformed-body 400 naming the field's path.
        foreach (var literal in new[] { "NaN", "Infinity", "-Infinity", "\"NaN\"", "1e999" })
        {
            var body = $$"""{"samples":[{"seq":8,"observedAt":{{Now}},"speedMps":{{literal}}}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, ct);
            var detail = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("speedMps", detail, StringComparison.Ordinal);

            // Either the body does not parse (malformed JSON at $.samples[0].speedMps) or it parses to a non-finite
            // double and the validator names it (notFinite): both typed, both nothing recorded.
            var reason = detail.Contains("\"reason\":\"notFinite\"", StringComparison.Ordinal) ? "notFinite" : "malformed";
            refused[$"json {literal} ({reason})"] = 1;
        }

        // MessagePack does carry them: the validator's notFinite, as a HubException naming the field.
        await using var mp = hub.CreateConnection(token, messagePack: true);
        await mp.StartAsync(ct).WaitAsync(Step, ct);
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => mp.InvokeAsync<PublishAck>(
                LiveHubContract.Publish, new SampleBatch { Samples = [Sample(9) with { CadenceSpm = bad }] }, ct).WaitAsync(Step, ct));
            Assert.Contains("samples[0].cadenceSpm", error.Message, StringComparison.Ordinal);
            refused["msgpack " + bad] = 1;
        }

        return $"{refused.Values.Sum()} hostile batches refused: " + string.Join(", ", refused.Select(kv => $"{kv.Key}×{kv.Value}"));
    }
}
