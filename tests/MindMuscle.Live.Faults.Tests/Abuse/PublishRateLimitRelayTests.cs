using System.Diagnostics;
using System.Globalization;
using MindMuscle.Live.Faults.Tests.Scenarios;
using MindMuscle.Live.TestKit.Recording;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// The hub's per-runner publish rate limit against the real relay process: a limit far below what the relay sends must
/// pace it, never cost it a sample. Proves end to end that the hub's refusal and the relay's reading of it agree.
/// </summary>
public sealed class PublishRateLimitRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RateLimit_RelayProcessSendsFasterThanTheLimit_PacedEverySeqRecordedExactlyOnce()
    {
        // Each simulated runner observes 4 samples/s and the relay publishes them as they come: about 4 batches/s per
        // runner against a limit of 1/s after a burst of 2. The relay must wait and resend, in bigger batches.
        await using var hub = AbuseHub.Start(new Dictionary<string, string?> { ["Hub:PublishRateLimit"] = "1", ["Hub:PublishBurst"] = "2" });
        using var meters = AbuseHub.Meters(hub);
        var session = await hub.CreateSessionAsync("rate limit");
        var relayData = Path.Combine(hub.DataPath, "relay");
        const int Runners = 3;
        var clock = Stopwatch.StartNew();
        await using var relay = RelayProcess.Start(hub.BaseAddress, session.JoinCode, Runners, relayData);

        await WaitUntilAsync(
            () => meters.Total("mml.hub.samples.rejected/rateLimited") >= 10
                  && RecordingFile.RecordedSeqs(hub.DataPath, session.SessionId) is var r && r.Count == Runners && r.Values.All(s => s.Count >= 24),
            () => $"rateLimited {meters.Total("mml.hub.samples.rejected/rateLimited")}, recorded "
                  + string.Join(", ", RecordingFile.RecordedSeqs(hub.DataPath, session.SessionId).Select(kv => kv.Value.Count)) + "; relay: " + relay.Output,
            TimeSpan.FromSeconds(60),
            Ct);
        Assert.False(relay.HasExited, "relay exited: " + relay.Output);
        await relay.KillAsync(Ct);

        // Every seq the relay assigned is recorded exactly once, contiguous from 1, or still waiting in its outbox.
        var outbox = RelayProcess.ReadOutbox(relayData);
        var recorded = RecordingFile.RecordedSeqs(hub.DataPath, session.SessionId);
        long observed = 0, stored = 0, lost = 0, pending = 0;
        foreach (var (runnerId, (assigned, waiting)) in outbox)
        {
            var seqs = recorded.GetValueOrDefault(runnerId) ?? [];
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            observed += assigned;
            stored += seqs.Count;
            pending += waiting.Count;
            lost += Enumerable.Range(1, (int)assigned).Count(s => s > seqs.Count && !waiting.Contains(s));
        }

        var refused = meters.Total("mml.hub.samples.rejected/rateLimited");
        var accepted = meters.Total("mml.hub.samples.received");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| relay process, {Runners} simulated runners × 4 Hz, hub limit 1 publish/s after a burst of 2 | {refused} publishes refused (rateLimited) | {observed} | {stored} | {lost} | 0 | {pending} still in the outbox at the SIGKILL; {accepted} samples accepted in {clock.Elapsed.TotalSeconds:F1} s |"));
        Assert.Equal(Runners, outbox.Count);
        Assert.Equal(0, lost);
        Assert.True(refused >= 10, $"only {refused} publishes refused");
    }
}
