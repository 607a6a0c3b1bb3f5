using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using MindMuscle.Live.TestKit.Recording;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// Hostile clients fire at once while a healthy runner publishes over SignalR and a healthy coach watches. Each abuse
/// (one class per hostile behaviour beside this file, each asserting its own answers) must end in a typed error, a
/// disconnection or a 429, show on the hub's counters, leave the healthy clients' latency bounded, and leave nothing
/// bad in the recording. (A coach that never reads is <c>tests/MindMuscle.Live.Hub.Tests/FanOut/StalledCoachTests.cs</c>;
/// single-abuse cases already proven in Hub.Tests Auth/ and Ingest/ are not repeated one by one, they are fired
/// together here.)
/// </summary>
[Collection(Soak.AloneCollection.Name)]
public sealed class HostileClientsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Abuse_SeveralHostileClientsAtOnce_RefusedCountedHealthyClientsUnaffectedRecordingIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = AbuseHub.Start();
        using var meters = AbuseHub.Meters(hub);
        var session = await hub.CreateSessionAsync("abuse A");
        var other = await hub.CreateSessionAsync("abuse B");
        var healthy = await hub.JoinAsync(session.JoinCode, "healthy");
        var flooder = await hub.JoinAsync(session.JoinCode, "flooder");
        var hostile = await hub.JoinAsync(session.JoinCode, "hostile");
        var traffic = await HealthyTraffic.StartAsync(hub, session, healthy.RunnerToken, ct);

        // Two seconds of calm for a baseline.
        await WaitUntilAsync(() => traffic.BaselineAcks.Count >= 20, Step, ct);
        traffic.AbuseStarts();
        var abuseStarted = traffic.ElapsedMs;
        var floodOutcome = new FloodOutcome();

        // Act: every abuse at once.
        var abuses = await Task.WhenAll(
            Named("10 MB message", () => HugeMessageAbuse.RunAsync(hub, hostile.RunnerToken, ct)),
            Named("connection burst", () => ConnectionBurstAbuse.RunAsync(hub, 10_000, ct)),
            Named("1,000 batches/s flood", () => PublishFloodAbuse.RunAsync(hub, flooder.RunnerToken, floodOutcome, ct)),
            Named("hostile values and seqs", () => HostileBatchesAbuse.RunAsync(hub, hostile.RunnerToken, ct)),
            Named("bad tokens", () => BadTokensAbuse.RunAsync(hub, session, healthy.RunnerToken, ct)),
            Named("wrong role / cross-session", () => WrongRoleAbuse.RunAsync(hub, session, other, healthy.RunnerToken, ct)),
            Named("join brute force", () => JoinBruteForceAbuse.RunAsync(hub, ct)));
        var abuseEnded = traffic.ElapsedMs;

        // A second of calm after, then stop the healthy runner.
        var afterAbuse = traffic.Seq;
        await WaitUntilAsync(() => traffic.Seq >= afterAbuse + 10, Step, ct);
        await traffic.StopAsync(ct);

        // Assert: each abuse was refused as it should be (the abuse classes assert their own answers).
        foreach (var (name, summary, elapsed) in abuses)
        {
            output.WriteLine($"{name}: {summary} ({elapsed.TotalSeconds:0.0} s)");
        }

        // Healthy runner: acks kept flowing with a bounded p95; healthy coach: frames kept coming during the abuse.
        var healthySeq = traffic.Seq;
        var baselineAcks = traffic.BaselineAcks;
        var abuseAcks = traffic.AbuseAcks;
        var p95Base = Percentile(baselineAcks, 0.95);
        var p95Abuse = Percentile(abuseAcks, 0.95);
        var frames = traffic.FrameTimes;
        var framesDuring = frames.Where(t => t >= abuseStarted && t <= abuseEnded).ToArray();
        var maxGap = framesDuring.Zip(framesDuring.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        output.WriteLine($"healthy runner: {healthySeq} acks; p95 {p95Base:0} ms calm, {p95Abuse:0} ms under abuse ({abuseAcks.Count} acks, max {abuseAcks.DefaultIfEmpty(0).Max():0} ms)");
        output.WriteLine($"healthy coach: {frames.Length} frames, {framesDuring.Length} during {abuseEnded - abuseStarted} ms of abuse, longest gap {maxGap} ms");
        Assert.True(abuseAcks.Count >= 10, $"only {abuseAcks.Count} healthy acks during the abuse");
        Assert.True(p95Abuse < 2_000, $"healthy runner's ack p95 under abuse was {p95Abuse:0} ms");
        Assert.True(framesDuring.Length >= 5, $"healthy coach got {framesDuring.Length} frames during the abuse");
        Assert.True(maxGap < 3_000, $"healthy coach waited {maxGap} ms for a frame during the abuse");

        // Counters show it.
        foreach (var (key, value) in meters.Totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"counter {key} = {value}");
        }

        Assert.True(meters.Total("mml.hub.samples.rejected/observedAt") >= 1);
        Assert.True(meters.Total("mml.hub.samples.rejected/seqOrder") >= 1);
        Assert.True(meters.Total("mml.hub.samples.rejected/seq") >= 1);
        Assert.True(meters.Total("mml.hub.samples.rejected/outOfRange") >= 1);
        Assert.True(meters.Total("mml.hub.samples.rejected/notFinite") >= 1);
        Assert.True(meters.Total("mml.hub.samples.rejected/batchTooLarge") >= 1);
        Assert.True(meters.Total("mml.hub.samples.duplicates") >= 1);
        Assert.True(meters.Total("aspnetcore.rate_limiting.requests/endpoint_limiter") >= 1, "join refusals counted by the rate limiter");
        Assert.Equal(floodOutcome.Refused, meters.Total("mml.hub.samples.rejected/rateLimited"));

        // Connections: the hostile ones are gone, the two healthy ones remain.
        await WaitUntilAsync(() => meters.Total("mml.hub.connections/coach") + meters.Total("mml.hub.connections/runner") == 2, Step, ct);

        // Nothing bad recorded: the healthy runner 1..N (never refused), the flooder exactly the seqs of its acked
        // batches (nothing of a refused one), the hostile runner nothing beyond its one valid batch, and no NaN/Infinity
        // in the CSV export.
        var recorded = RecordingFile.RecordedSeqs(hub.DataPath, session.SessionId);
        Assert.Equal(Enumerable.Range(1, (int)healthySeq).Select(i => (long)i), recorded[healthy.RunnerId]);
        var flood = abuses.Single(a => a.Name.Contains("flood", StringComparison.Ordinal));
        Assert.Equal(floodOutcome.AcceptedSeqs, recorded[flooder.RunnerId]);
        Assert.True(recorded[flooder.RunnerId].Count < PublishFloodAbuse.Batches, "the flood was recorded in full: nothing was refused");
        Assert.Equal([1L], recorded.GetValueOrDefault(hostile.RunnerId) ?? []);
        Assert.False(recorded.ContainsKey("") || recorded.Keys.Any(k => k != healthy.RunnerId && k != flooder.RunnerId && k != hostile.RunnerId));
        Assert.Empty(RecordingFile.RecordedSeqs(hub.DataPath, other.SessionId));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/export.csv");
        csvRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.CoachToken);
        using var csv = await hub.Http.SendAsync(csvRequest, ct).WaitAsync(Step, ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvText = await csv.Content.ReadAsStringAsync(ct).WaitAsync(Step, ct);
        Assert.DoesNotContain("NaN", csvText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Infinity", csvText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(",-", csvText, StringComparison.Ordinal);
        output.WriteLine($"recorded: healthy {recorded[healthy.RunnerId].Count}, flooder {recorded[flooder.RunnerId].Count} ({flood.Summary}), hostile 1; CSV {csvText.Length} chars, no NaN/Infinity/negatives");
    }

    private static async Task<(string Name, string Summary, TimeSpan Elapsed)> Named(string name, Func<Task<string>> abuse)
    {
        var started = Stopwatch.StartNew();
        var summary = await Task.Run(abuse);
        return (name, summary, started.Elapsed);
    }
}
