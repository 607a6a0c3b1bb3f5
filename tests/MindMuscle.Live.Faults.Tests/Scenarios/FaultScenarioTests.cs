using System.Diagnostics;
using System.Globalization;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Faults.Tests.Support;
using MindMuscle.Live.TestKit.Faults;
using MindMuscle.Live.TestKit.Hosting;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Scenarios;

/// <summary>
/// Fault scenarios with the built hub as a real child process on 127.0.0.1 and runners publishing through
/// the <see cref="TcpFaultProxy"/>: every observed seq must be recorded exactly once, 1..N per runner, whatever fails.
/// Short variants here; MML_LONG_TESTS=1 runs them longer with more runners.
/// </summary>
public sealed class FaultScenarioTests : IAsyncLifetime
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private readonly string _data = Directory.CreateTempSubdirectory("mml-faults-").FullName;
    private HubChildProcess _hub = null!;
    private TcpFaultProxy _proxy = null!;
    private HttpClient _viaProxy = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _hub = await ChildHub.StartAsync(_data, Ct);
        _proxy = TcpFaultProxy.Start("127.0.0.1", _hub.Port);

        // A short request timeout turns a stall or a lost ack into a retry quickly, as the relay's Polly timeout does.
        _viaProxy = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30), ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = _proxy.HttpUri,
            Timeout = TimeSpan.FromSeconds(2),
        };
    }

    public async ValueTask DisposeAsync()
    {
        _viaProxy.Dispose();
        await _proxy.DisposeAsync();
        await _hub.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A killed hub's files may still be closing; the temp folder is cleaned by the OS later.
        }
    }

    [Fact]
    public async Task NetworkFaults_DropStallThrottleHalfOpenRefuse_EveryRunnerRecordedExactlyOnce()
    {
        var (session, runners) = await JoinRunnersAsync(20);
        var faultStep = TimeSpan.FromSeconds(LongTests.Enabled ? 30 : 1.5);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = StartRunners(runners, stop.Token);

        var clock = Stopwatch.StartNew();
        await FaultAsync(() => _proxy.DropAll(), faultStep);
        await FaultAsync(() => _proxy.Stall(faultStep), faultStep);
        await FaultAsync(() => _proxy.Throttle(4_000), faultStep);
        await FaultAsync(() => _proxy.HalfOpen(FaultDirection.TargetToClient), faultStep);
        await FaultAsync(() => _proxy.HalfOpen(FaultDirection.ClientToTarget), faultStep);
        await FaultAsync(() => _proxy.RefuseNew(), faultStep);
        _proxy.ResetOpenConnections();
        await DrainAsync(runners, run, stop);

        var c = _proxy.Counters;
        AssertExactlyOnce(session, runners, "network faults via proxy (20 runners × 4 Hz)", clock.Elapsed,
            $"{c.FaultsInjected} ({string.Join(", ", c.FaultsByMode.Select(f => $"{f.Key} {f.Value}"))}), {c.ConnectionsReset} connections reset, {c.BytesDiscarded} bytes blackholed");
        Assert.Equal(6, _proxy.Counters.FaultsInjected);
        Assert.True(runners.Sum(r => r.Failures) > 0, "no publish failed: the faults did not reach the runners");
    }

    [Fact]
    public async Task HubCrash_SigkillAndRestartOnSameData_RunnersBackfillExactlyOnceAndCoachConsoleShowsTheGapFilled()
    {
        var (session, runners) = await JoinRunnersAsync(20);

        // A coach watching through the real console process (live --json), straight to the hub, attached across the crash.
        await using var console = CoachConsoleProcess.Start(new Uri($"http://127.0.0.1:{_hub.Port}"), session.SessionId, session.CoachToken);
        await console.WaitForLineAsync(l => CoachConsoleProcess.Kind(l) == "snapshot", 0, HubChildProcess.StartTimeout, Ct);

        // A second console through its own proxy, kept out from the crash until every runner's backfill is recorded:
        // it comes back to a hub that has everything, so what it missed reaches it only by reading the gap back.
        await using var lateProxy = TcpFaultProxy.Start("127.0.0.1", _hub.Port);
        await using var late = CoachConsoleProcess.Start(lateProxy.HttpUri, session.SessionId, session.CoachToken);
        await late.WaitForLineAsync(l => CoachConsoleProcess.Kind(l) == "snapshot", 0, HubChildProcess.StartTimeout, Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = StartRunners(runners, stop.Token);
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(() => runners.All(r => r.Acked >= 20), TimeSpan.FromSeconds(30), Ct);

        lateProxy.RefuseNew();
        await _hub.KillAsync(Ct);
        lateProxy.ResetOpenConnections();
        var killedAtLine = console.Lines.Count;
        var downFor = Stopwatch.StartNew();

        // Runners keep observing and their outboxes grow. They are held at the proxy until the console has resynced, so
        // what they observed during the outage reaches the hub after the console watches again: the case in which the
        // console can show the gap filled (a console that resyncs after the backfill has only the snapshot's lastSeq).
        _proxy.RefuseNew();
        await Task.Delay(TimeSpan.FromSeconds(LongTests.Enabled ? 5 : 1), Ct); // the outage
        await _hub.RestartAsync(Ct);
        downFor.Stop();
        var resyncLine = await console.WaitForLineAsync(
            l => CoachConsoleProcess.Kind(l) == "snapshot" && CoachConsoleProcess.GapMs(l) > 0, killedAtLine, TimeSpan.FromSeconds(30), Ct);
        var resyncAfter = clock.Elapsed;
        var observedDuringOutage = runners.ToDictionary(r => r.RunnerId, r => r.Observed);
        _proxy.PassThrough();
        await DrainAsync(runners, run, stop);

        AssertExactlyOnce(session, runners, "hub SIGKILL + restart on the same data (20 runners × 4 Hz)", clock.Elapsed,
            $"1 SIGKILL, hub back after {downFor.Elapsed.TotalSeconds:F1} s");
        // A bound on "comes back at all", not a speed claim: the restart is a new process's start-up (JIT, SQLite
        // recovery), which stretches with the machine's load.
        Assert.True(downFor.Elapsed < TimeSpan.FromSeconds(90), $"hub took {downFor.Elapsed} to come back");
        Assert.True(runners.Sum(r => r.Failures) > 0, "no publish failed while the hub was down");

        // The console holds every runner's samples up to the end: each final seq reaches it.
        var final = runners.ToDictionary(r => r.RunnerId, r => r.Observed);
        await WaitUntilAsync(
            () => final.All(f => ConsoleSeqs(console.Lines, 0).Contains((f.Key, f.Value))),
            () => "console missing final seqs of " + string.Join(", ", final.Where(f => !ConsoleSeqs(console.Lines, 0).Contains((f.Key, f.Value))).Select(f => f.Key)),
            TimeSpan.FromSeconds(30),
            Ct);
        Assert.Equal(0, await console.QuitAsync(Ct));

        // The late console comes back now: resync, then every runner's gap read back from the recording.
        var lateKilledAt = late.Lines.Count;
        lateProxy.PassThrough();
        await late.WaitForLineAsync(l => CoachConsoleProcess.Kind(l) == "snapshot" && CoachConsoleProcess.GapMs(l) > 0, lateKilledAt, TimeSpan.FromSeconds(40), Ct);
        await WaitUntilAsync(
            () => final.All(f => Enumerable.Range(1, (int)f.Value).All(seq => ConsoleSeqs(late.Lines, 0).Contains((f.Key, seq)))),
            () => "late console still missing samples of " + string.Join(", ", final.Where(f => !ConsoleSeqs(late.Lines, 0).Contains((f.Key, f.Value))).Select(f => f.Key)),
            TimeSpan.FromSeconds(30),
            Ct);
        Assert.Equal(0, await late.QuitAsync(Ct));
        var lateFills = late.Lines.Skip(lateKilledAt).Select(CoachConsoleProcess.GapFilled).OfType<(string RunnerId, long FromSeq, long ToSeq, int Samples, string? Error)>().ToList();
        Assert.All(lateFills, f => Assert.Null(f.Error));
        Assert.Equal(runners.Count, lateFills.Select(f => f.RunnerId).Distinct().Count());
        Assert.All(lateFills, f => Assert.Equal(final[f.RunnerId], f.ToSeq));

        // After the resync snapshot, nothing is missing: every seq above the snapshot's lastSeq reaches the console,
        // among them what the runners observed during the outage and backfilled (the gap, filled). Every seq the
        // console never got lies at or below that lastSeq: frames that died with the hub, announced by the resync.
        var lines = console.Lines;
        var resync = CoachConsoleProcess.SnapshotLastSeqs(lines[resyncLine]);
        var afterResync = ConsoleSeqs(lines, resyncLine + 1);
        var everything = ConsoleSeqs(lines, 0);
        long backfilledSeen = 0, filledSeen = 0;
        foreach (var r in runners)
        {
            var lastSeq = resync[r.RunnerId];
            var outage = observedDuringOutage[r.RunnerId];
            Assert.True(outage > lastSeq, $"{r.RunnerId}: nothing observed during the outage above the resync's lastSeq {lastSeq}");
            var missing = Enumerable.Range((int)lastSeq + 1, (int)(r.Observed - lastSeq)).Select(i => (long)i).Where(seq => !afterResync.Contains((r.RunnerId, seq))).ToList();
            Assert.True(missing.Count == 0, $"{r.RunnerId}: console never got seqs {string.Join(", ", missing)} after its resync at lastSeq {lastSeq}");
            backfilledSeen += outage - lastSeq;

            // At or below it, what died with the hub was read back from the recording: the console has 1..N.
            var never = Enumerable.Range(1, (int)r.Observed).Where(seq => !everything.Contains((r.RunnerId, seq))).ToList();
            Assert.True(never.Count == 0, $"{r.RunnerId}: console never got seqs {string.Join(", ", never)}, not live nor read back");
        }

        filledSeen = lines.Select(CoachConsoleProcess.GapFilled).OfType<(string RunnerId, long FromSeq, long ToSeq, int Samples, string? Error)>().Sum(f => f.Samples);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coach console (live --json process): resynced {resyncAfter.TotalSeconds:F1} s into the run (gapMs {CoachConsoleProcess.GapMs(lines[resyncLine])}); " +
            $"{backfilledSeen} samples observed during the outage reached it as backfill after the resync; {filledSeen} it missed were read back after the resync; " +
            $"{lines.Count} lines; the late console (back after every backfill was recorded) read back {lateFills.Sum(f => f.Samples)} samples over {lateFills.Count} runners and has 1..N of each"));
    }

    /// <summary>(runnerId, seq) of every sample the console printed from line <paramref name="from"/> on, live or read back.</summary>
    private static HashSet<(string, long)> ConsoleSeqs(IReadOnlyList<string> lines, int from)
    {
        var seqs = new HashSet<(string, long)>();
        for (var i = from; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("{\"samples\"", StringComparison.Ordinal) || lines[i].StartsWith("{\"gapFilled\"", StringComparison.Ordinal))
            {
                seqs.UnionWith(CoachConsoleProcess.Samples(lines[i]));
            }
        }

        return seqs;
    }

    [Fact]
    public async Task RelayCrash_SigkillMidRunAndRestart_ResumesFromOutboxExactlyOnce()
    {
        var session = await _hub.CreateSessionAsync("relay crash", Ct);
        var relayData = Path.Combine(_data, "relay");
        const int Runners = 5;
        var clock = Stopwatch.StartNew();
        await using (var relay = RelayProcess.Start(_proxy.HttpUri, session.JoinCode, Runners, relayData))
        {
            await WaitUntilAsync(() => RecordedAtLeast(session.SessionId, Runners, 12) || relay.HasExited, TimeSpan.FromSeconds(45), Ct);
            Assert.False(relay.HasExited, "relay exited: " + relay.Output);
            await relay.KillAsync(Ct);
        }

        var before = RecordedTotal(session.SessionId);
        await using (var relay = RelayProcess.Start(_proxy.HttpUri, session.JoinCode, Runners, relayData))
        {
            await WaitUntilAsync(() => RecordedTotal(session.SessionId) >= before + (Runners * 12) || relay.HasExited, TimeSpan.FromSeconds(45), Ct);
            Assert.False(relay.HasExited, "restarted relay exited: " + relay.Output);
            await relay.KillAsync(Ct);
        }

        AssertRelayExactlyOnce(session, relayData, Runners, $"relay SIGKILL mid-run + restart on the same data, then SIGKILL again ({Runners} simulated runners)", "2 SIGKILL", clock.Elapsed);
    }

    [Fact]
    public async Task NetworkFaults_RelayProcessThroughProxy_NothingLostNothingDuplicated()
    {
        var session = await _hub.CreateSessionAsync("relay network faults", Ct);
        var relayData = Path.Combine(_data, "relay-net");
        var runners = LongTests.Enabled ? 20 : 5;
        var faultStep = TimeSpan.FromSeconds(LongTests.Enabled ? 30 : 1.5);
        var clock = Stopwatch.StartNew();
        await using var relay = RelayProcess.Start(_proxy.HttpUri, session.JoinCode, runners, relayData);
        await WaitUntilAsync(() => RecordedAtLeast(session.SessionId, runners, 8) || relay.HasExited, TimeSpan.FromSeconds(45), Ct);
        Assert.False(relay.HasExited, "relay exited: " + relay.Output);

        await FaultAsync(() => _proxy.DropAll(), faultStep);
        await FaultAsync(() => _proxy.Stall(faultStep), faultStep);
        await FaultAsync(() => _proxy.Throttle(2_000), faultStep);
        await FaultAsync(() => _proxy.HalfOpen(FaultDirection.TargetToClient), faultStep);
        await FaultAsync(() => _proxy.HalfOpen(FaultDirection.ClientToTarget), faultStep);
        await FaultAsync(() => _proxy.RefuseNew(), faultStep);

        // A black hole leaves the WebSocket stream with bytes missing; reset it so the relay reconnects cleanly now
        // rather than after its keep-alive timeout, then let it catch up before the final kill.
        _proxy.ResetOpenConnections();
        // Every runner's uplink must have recovered: each one records at least 8 more samples after the faults.
        var afterFaults = _hub.RecordedSeqs(session.SessionId).ToDictionary(r => r.Key, r => r.Value.Count);
        await WaitUntilAsync(
            () => _hub.RecordedSeqs(session.SessionId) is var now && now.Count == runners
                && now.All(r => r.Value.Count >= afterFaults.GetValueOrDefault(r.Key) + 8) || relay.HasExited,
            TimeSpan.FromSeconds(45),
            Ct);
        Assert.False(relay.HasExited, "relay exited: " + relay.Output);
        await relay.KillAsync(Ct);

        var c = _proxy.Counters;
        AssertRelayExactlyOnce(session, relayData, runners, $"network faults via proxy, real relay process ({runners} simulated runners, SignalR)",
            $"{c.FaultsInjected} ({string.Join(", ", c.FaultsByMode.Select(f => $"{f.Key} {f.Value}"))}), {c.ConnectionsReset} connections reset, {c.BytesDiscarded} bytes blackholed", clock.Elapsed);
    }

    [Fact]
    public async Task HubCrash_SigkillAndRestartWithRelayProcess_RelayBackfillsExactlyOnce()
    {
        var session = await _hub.CreateSessionAsync("hub crash, relay process", Ct);
        var relayData = Path.Combine(_data, "relay-hub-crash");
        var runners = LongTests.Enabled ? 20 : 5;
        var clock = Stopwatch.StartNew();
        await using var relay = RelayProcess.Start(_proxy.HttpUri, session.JoinCode, runners, relayData);
        await WaitUntilAsync(() => RecordedAtLeast(session.SessionId, runners, 8) || relay.HasExited, TimeSpan.FromSeconds(45), Ct);
        Assert.False(relay.HasExited, "relay exited: " + relay.Output);

        await _hub.KillAsync(Ct);
        var downFor = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(LongTests.Enabled ? 5 : 1), Ct);
        await _hub.RestartAsync(Ct);
        downFor.Stop();
        var afterRestart = _hub.RecordedSeqs(session.SessionId).ToDictionary(r => r.Key, r => r.Value.Count);
        await WaitUntilAsync(
            () => _hub.RecordedSeqs(session.SessionId) is var now && now.Count == runners
                && now.All(r => r.Value.Count >= afterRestart.GetValueOrDefault(r.Key) + 8) || relay.HasExited,
            () => relay.Output,
            TimeSpan.FromSeconds(45),
            Ct);
        Assert.False(relay.HasExited, "relay exited: " + relay.Output);
        await relay.KillAsync(Ct);

        AssertRelayExactlyOnce(session, relayData, runners, $"hub SIGKILL + restart on the same data, real relay process ({runners} simulated runners)",
            $"1 SIGKILL, hub back after {downFor.Elapsed.TotalSeconds:F1} s", clock.Elapsed);
    }

    /// <summary>Every seq the relay assigned is recorded exactly once at the hub (contiguous from 1) or still durable in its outbox.</summary>
    private void AssertRelayExactlyOnce(CreateSessionResponse session, string relayData, int runners, string scenario, string faults, TimeSpan elapsed)
    {
        var outbox = RelayProcess.ReadOutbox(relayData);
        var recorded = _hub.RecordedSeqs(session.SessionId);
        long observed = 0, stored = 0, lost = 0, duplicated = 0, pendingTotal = 0;
        foreach (var (runnerId, (assigned, pending)) in outbox)
        {
            var seqs = recorded.GetValueOrDefault(runnerId) ?? [];
            var distinct = seqs.ToHashSet();
            observed += assigned;
            stored += seqs.Count;
            pendingTotal += pending.Count;
            duplicated += seqs.Count - distinct.Count;
            lost += Enumerable.Range(1, (int)assigned).Count(s => !distinct.Contains(s) && !pending.Contains(s));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {faults} | {observed} | {stored} | {lost} | {duplicated} | {pendingTotal} still in the relay outbox (durable, not yet acked); {elapsed.TotalSeconds:F1} s |"));
        Assert.Equal(runners, outbox.Count);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        foreach (var (runnerId, _) in outbox)
        {
            var seqs = recorded.GetValueOrDefault(runnerId) ?? [];
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        }
    }

    private long RecordedTotal(string sessionId) => _hub.RecordedSeqs(sessionId).Sum(r => (long)r.Value.Count);

    private bool RecordedAtLeast(string sessionId, int runners, int each)
    {
        var recorded = _hub.RecordedSeqs(sessionId);
        return recorded.Count >= runners && recorded.Values.All(s => s.Count >= each);
    }

    private async Task FaultAsync(Action inject, TimeSpan hold)
    {
        inject();
        await Task.Delay(hold, Ct);
        _proxy.PassThrough();
        await Task.Delay(hold / 2, Ct);
    }

    private async Task<(CreateSessionResponse Session, List<OutboxPublisher> Runners)> JoinRunnersAsync(int count)
    {
        var session = await _hub.CreateSessionAsync("faults", Ct);
        var runners = new List<OutboxPublisher>();
        for (var i = 0; i < count; i++)
        {
            var join = await _hub.JoinAsync(new JoinRequest { JoinCode = session.JoinCode, RunnerName = $"Runner {i + 1}" }, Ct);
            var rejoin = new JoinRequest { JoinCode = session.JoinCode, RunnerName = $"Runner {i + 1}", RunnerId = join.RunnerId, RejoinSecret = join.RejoinSecret };
            runners.Add(new OutboxPublisher(_viaProxy, join.RunnerToken, async ct => (await _hub.JoinAsync(rejoin, ct)).RunnerToken) { RunnerId = join.RunnerId });
        }

        return (session, runners);
    }

    /// <summary>Each runner observes at 4 Hz (a sample every 250 ms, as the sensors notify) and publishes concurrently.</summary>
    private static Task StartRunners(List<OutboxPublisher> runners, CancellationToken ct)
    {
        var sensors = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            while (await tick.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (var r in runners)
                {
                    r.Observe(now);
                }
            }
        }, ct);
        return Task.WhenAll([sensors, .. runners.Select(r => Task.Run(() => r.RunAsync(ct), ct))]);
    }

    /// <summary>Stops observing, then waits until every outbox is empty (all acked) and stops the publishers.</summary>
    private static async Task DrainAsync(List<OutboxPublisher> runners, Task run, CancellationTokenSource stop)
    {
        foreach (var r in runners)
        {
            r.StopObserving();
        }

        await WaitUntilAsync(
            () => runners.All(r => r.Depth == 0),
            () => $"run task {run.Status} {run.Exception?.GetBaseException().Message}; outbox depths: "
                + string.Join("; ", runners.Where(r => r.Depth > 0).Select(r => $"{r.RunnerId} depth {r.Depth}, acked {r.Acked}/{r.Observed}, {r.Failures}/{r.Attempts} failed, last error {r.LastError}")),
            DrainTimeout,
            Ct);
        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }
    }

    private void AssertExactlyOnce(CreateSessionResponse session, List<OutboxPublisher> runners, string scenario, TimeSpan elapsed, string faults)
    {
        var recorded = _hub.RecordedSeqs(session.SessionId);
        long observed = 0, stored = 0, lost = 0, duplicated = 0;
        foreach (var r in runners)
        {
            var seqs = recorded.GetValueOrDefault(r.RunnerId) ?? [];
            observed += r.Observed;
            stored += seqs.Count;
            duplicated += seqs.Count - seqs.Distinct().Count();
            lost += r.Observed - seqs.Distinct().Count(s => s >= 1 && s <= r.Observed);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {faults} | {observed} | {stored} | {lost} | {duplicated} | {runners.Sum(r => r.Failures)} publish attempts failed, {runners.Sum(r => r.DuplicatesAcked)} resent samples deduplicated, {runners.Sum(r => r.Rejoins)} rejoins, outbox max depth {runners.Max(r => r.MaxDepth)}; {elapsed.TotalSeconds:F1} s |"));

        foreach (var r in runners)
        {
            var seqs = recorded.GetValueOrDefault(r.RunnerId) ?? [];
            Assert.True(r.Observed > 0);
            Assert.Equal(Enumerable.Range(1, (int)r.Observed).Select(i => (long)i), seqs);
        }
    }
}
