using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Uplink;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// A runner firing 1,000 single-sample batches per second over HTTP ingest (8 in flight), with repeats, then 100
/// back to back over SignalR: beyond its burst the hub refuses them (429 / HubException "Rate limited"), and what
/// it says is what the relay's uplink reads as "wait and resend".
/// </summary>
internal static class PublishFloodAbuse
{
    // 1,000 single-sample batches per second for 3 s, seqs 1..3,000 (the hub's default limit lets 200 at once and
    // 50/s through, and refuses the rest), then seqs 3,001..3,100 over SignalR.
    public const int Batches = 3_000;
    private const int PerSecond = 1_000;

    public static async Task<string> RunAsync(HubTestHost hub, string token, FloodOutcome outcome, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = hub.BaseAddress, Timeout = Step };
        var next = 0L;
        long ok = 0, refused = 0, duplicates = 0, other = 0;
        var latencies = new ConcurrentBag<double>();
        var retryAfter = new ConcurrentBag<long>();
        var clock = Stopwatch.StartNew();
        const long total = Batches;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) <= total)
            {
                // Paced to 1,000/s: batch i leaves no earlier than i ms after the start.
                var due = TimeSpan.FromSeconds(i / (double)PerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                // Every 10th batch repeats an older seq along with the new one (a resend after a lost ack).
                MetricSample[] samples = i % 10 == 0 && i > 5 ? [Sample(i - 5), Sample(i)] : [Sample(i)];
                var started = Stopwatch.GetTimestamp();
                using var response = await PostIngestAsync(client, token, new SampleBatch { Samples = samples }, ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var ack = (await response.Content.ReadFromJsonAsync<PublishAck>(ct))!;
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref duplicates, ack.Duplicates);
                    outcome.Accepted(samples);
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Typed: problem+json naming the reason and the wait, Retry-After for HTTP clients.
                    var problem = (await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>(ct))!;
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal("rateLimited", problem["reason"].GetString());
                    Assert.Contains("nothing of this batch was recorded", problem["detail"].GetString(), StringComparison.Ordinal);
                    Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
                    retryAfter.Add(problem["retryAfterMs"].GetInt64());
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    Interlocked.Increment(ref other);
                }
            }
        }, ct)));
        var elapsed = clock.Elapsed;

        // The same runner over SignalR (MessagePack, as the relay talks): its budget is the one HTTP spent.
        await using var connection = hub.CreateConnection(token, messagePack: true);
        await connection.StartAsync(ct).WaitAsync(Step, ct);
        long hubOk = 0, hubRefused = 0;
        for (var i = total + 1; i <= total + 100; i++)
        {
            try
            {
                await connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [Sample(i)] }, ct).WaitAsync(Step, ct);
                hubOk++;
                outcome.Accepted([Sample(i)]);
            }
            catch (HubException ex)
            {
                // What the relay's uplink sees: it must read it as "rate limited, wait this long, resend" (never a failure).
                Assert.True(HubRateLimit.TryGetRetryAfter(ex, out var wait), ex.Message);
                Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
                Assert.Contains("nothing of this batch was recorded", ex.Message, StringComparison.Ordinal);
                hubRefused++;
            }
        }

        Assert.Equal(HubConnectionState.Connected, connection.State);
        outcome.Refused = refused + hubRefused;
        outcome.HubRefused = hubRefused;
        Assert.Equal(0, other);
        Assert.Equal(total, ok + refused);

        // The burst (200) and the refill (50/s) went through; the rest of 1,000/s did not.
        Assert.InRange(ok, 200, 200 + (50 * (long)Math.Ceiling(elapsed.TotalSeconds + 1)));
        Assert.True(refused >= total / 2, $"only {refused} of {total} refused");
        Assert.True(hubRefused >= 1, "no SignalR publish refused right after the flood");
        Assert.True(duplicates >= 1, "resent seqs acknowledged as duplicates");
        return $"{total} batches in {elapsed.TotalSeconds:0.0} s over HTTP: {ok} acked, {refused} × 429 rateLimited (retryAfterMs {retryAfter.DefaultIfEmpty(0).Min()}-{retryAfter.DefaultIfEmpty(0).Max()}), " +
               $"{duplicates} resent samples deduplicated, ingest p95 {Percentile([.. latencies], 0.95):0} ms; then 100 over SignalR: {hubOk} acked, {hubRefused} × HubException rateLimited";
    }
}
