using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Bench.Load.Clients;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Bench.Load.Scenarios;

/// <summary>
/// One configuration against a fresh hub process: connect R runners and C coaches, publish at H Hz for warm-up +
/// duration, measure inside the window after the warm-up, drain, then check every sample reached every coach (and the
/// recording) exactly once.
/// </summary>
internal static class LoadRun
{
    public static async Task<RunResult> RunAsync(LoadConfig config, HubSetup setup, RunProgress progress, CancellationToken cancellationToken)
    {
        progress("starting hub", 0);
        await using var hub = await HubProcess.StartAsync(config.Hub, setup.Dll(config.Hub), setup.Args(config.Hub), config.BareRecord, cancellationToken, setup.Environment(config.Hub));
        if (config.Pin)
        {
            await CpuPin.PinAsync(hub.Pid, CpuPin.HubCore, cancellationToken);
            await CpuPin.PinAsync(Environment.ProcessId, CpuPin.GeneratorCore, cancellationToken);
        }

        using var endpoint = new HubEndpoint(config.Hub, hub.BaseUri, hub.CoachKey);
        using var gcWatcher = GcWatcher.TryAttach(hub.Pid);
        // Both hubs alike (the bare hub has no such meter, yet is listened to as the product is): see LoadConfig.HubMeters.
        using var meters = MeterWatcher.TryAttach(hub.Pid, config.HubMeters);
        var stats = new RunStats();
        var clock = new SampleClock();
        var runners = new RunnerClient[config.Runners];
        var coaches = new List<CoachClient>();
        try
        {
            var result = await MeasureAsync(config, hub, endpoint, gcWatcher, meters, stats, clock, runners, coaches, progress, cancellationToken);
            if (!result.Clean)
            {
                hub.KeepFolder();
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            hub.KeepFolder();
            return new RunResult
            {
                Config = config,
                Latency = new LatencySummary(0, null, null, null, null),
                AckLatency = stats.AckLatency.Summary(),
                HubCrashed = hub.HasExited,
                Error = $"{e.GetType().Name}: {e.Message} (hub log: {hub.LogPath})",
            };
        }
        finally
        {
            progress("stopping", 0);
            await StopAsync(runners, coaches);
        }
    }

    private static async Task<RunResult> MeasureAsync(
        LoadConfig config, HubProcess hub, HubEndpoint endpoint, GcWatcher? gcWatcher, MeterWatcher? meters, RunStats stats, SampleClock clock,
        RunnerClient[] runners, List<CoachClient> coaches, RunProgress progress, CancellationToken cancellationToken)
    {
        var total = config.Warmup + config.Duration;
        var capacity = (long)Math.Ceiling(total.TotalSeconds * config.Hz) + 16;

        // Sessions: each created as a coach would (product: POST /api/sessions); runner i belongs to session i / (R/S).
        var perSession = config.RunnersPerSession;
        var sessions = new BenchSession[Math.Max(1, config.Sessions)];
        for (var s = 0; s < sessions.Length; s++)
        {
            sessions[s] = await endpoint.OpenSessionAsync($"bench {config.Label} #{s + 1}", cancellationToken);
        }

        // Runners: join (product: REST) and connect, a bounded number at a time.
        var connected = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, config.Runners),
            new ParallelOptions { MaxDegreeOfParallelism = config.ConnectConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var identity = await endpoint.JoinAsync(sessions[Math.Min(i / perSession, sessions.Length - 1)], i, ct);
                var runner = new RunnerClient(identity, endpoint.RunnerConnection(identity, config.Protocol), capacity, config.MaxBatch, config.MaxInFlight, stats, clock);
                runners[i] = runner;
                await runner.Connection.StartAsync(ct);
                progress("connecting runners", Interlocked.Increment(ref connected) / (double)config.Runners);
            });

        var sessionRunners = sessions.Select(session => (IReadOnlyList<RunnerClient>)[.. runners.Where(r => r.Identity.SessionId == session.SessionId)]).ToArray();
        var cues = config.CueInterval > TimeSpan.Zero && config.Coaches > 0 ? new CueTracker(stats) : null;
        var cueSenders = new CoachClient[sessions.Length];
        var coachCount = sessions.Length * config.Coaches;
        for (var s = 0; s < sessions.Length; s++)
        {
            for (var c = 0; c < config.Coaches; c++)
            {
                var coach = new CoachClient(endpoint.CoachConnection(sessions[s], config.Protocol), sessionRunners[s], capacity, stats, c == 0 ? cues : null);
                coaches.Add(coach);
                cueSenders[s] ??= coach;
                await coach.Connection.StartAsync(cancellationToken);
                await coach.Connection.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, sessions[s].SessionId, cancellationToken);
                progress("connecting coaches", coaches.Count / (double)coachCount);
            }
        }

        // The warm-up runs every path the window measures, so the window does not measure the hub's JIT compiling and
        // tiering a path the window reaches first: the GC read (when not over EventPipe) and the cues, at the window's rate.
        if (gcWatcher is null)
        {
            await endpoint.GcAsync(cancellationToken);
        }

        using var cueStop = new CancellationTokenSource();
        var cueTask = cues is null ? Task.CompletedTask : CueTraffic.SendAsync(cueSenders, cues, stats, config.CueInterval, cueStop.Token);

        // Publish: one loop for all runners. Publish number k goes to the schedule's runner k % N at its offset in
        // period k / N (--tick-order; by default runner k % N at k / (N * H)), so the samples are spread over each
        // period instead of arriving in bursts, every runner once a period.
        var schedule = TickSchedule.Build(config.Runners, config.RunnersPerSession, config.Sessions, config.TickOrder, config.Seed);
        var periodTicks = Stopwatch.Frequency / config.Hz;
        long DueTicks(long k) => (long)(((k / schedule.Count) + schedule.Offsets[(int)(k % schedule.Count)]) * periodTicks);
        var start = SampleClock.Now;
        var warmupTicks = (long)(config.Warmup.TotalSeconds * Stopwatch.Frequency);
        var endTicks = (long)(total.TotalSeconds * Stopwatch.Frequency);
        long issued = 0;
        var windowOpen = false;
        long windowStart = 0, windowEnd = 0;
        TimeSpan hubCpu0 = default, genCpu0 = default;
        Dictionary<int, ThreadCpu.Sample> hubThreads0 = [];
        GcSnapshot? hubGc0 = null;
        int[] genGc0 = [];
        double maxLagMs = 0;
        var loopStart = SampleClock.Now;
        using var probe = new GeneratorProbe();
        using var ownGc = GcWatcher.TryAttach(Environment.ProcessId);
        stats.BySecond = new LatencySeconds(loopStart, LatencySeconds.SecondsFor(total));
        try
        {
            using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(2)))
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var now = SampleClock.Now;
                    var elapsed = now - start;
                    if (!windowOpen && elapsed >= warmupTicks)
                    {
                        windowOpen = true;
                        windowStart = now;
                        stats.OpenWindow(now);
                        hubCpu0 = hub.CpuTime();
                        hubThreads0 = ThreadCpu.Snapshot(hub.Pid);
                        genCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                        genGc0 = GenGc();
                        hubGc0 = gcWatcher?.Snapshot() ?? await endpoint.GcAsync(cancellationToken);
                    }

                    if (elapsed >= endTicks)
                    {
                        windowEnd = now;
                        stats.CloseWindow(now);
                        break;
                    }

                    if (hub.HasExited)
                    {
                        throw new InvalidOperationException($"hub exited with code {hub.ExitCode}:\n{hub.LogTail()}");
                    }

                    if (DueTicks(issued) < elapsed)
                    {
                        probe.LoopLag(elapsed - DueTicks(issued));
                        if (windowOpen)
                        {
                            maxLagMs = Math.Max(maxLagMs, (elapsed - DueTicks(issued)) * 1000.0 / Stopwatch.Frequency);
                        }
                    }

                    for (; DueTicks(issued) < elapsed; issued++)
                    {
                        runners[schedule.Runners[(int)(issued % schedule.Count)]].Tick(now);
                    }

                    progress(windowOpen ? "measuring" : "warming up", windowOpen
                        ? (elapsed - warmupTicks) / (double)(endTicks - warmupTicks)
                        : elapsed / (double)Math.Max(1, warmupTicks));
                }
            }
        }
        finally
        {
            // Also when the hub died mid-run: no cue may keep going to a connection being torn down.
            await cueStop.CancelAsync();
        }

        await cueTask;
        var windowSeconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var hubCpu = (hub.CpuTime() - hubCpu0).TotalSeconds / windowSeconds * 100;
        var hubThreads = ThreadCpu.Between(hubThreads0, ThreadCpu.Snapshot(hub.Pid), windowSeconds);
        var genCpu = (Process.GetCurrentProcess().TotalProcessorTime - genCpu0).TotalSeconds / windowSeconds * 100;
        var genGc = GenGc().Zip(genGc0, (a, b) => a - b).ToArray();
        // Read as the window closes, like hubGc0 as it opened: after the wait below it would count ~1 s past the window.
        var hubGc = (gcWatcher?.Snapshot() ?? await endpoint.GcAsync(cancellationToken)) is { } gc1 && hubGc0 is not null ? gc1.Minus(hubGc0).ToString() : null;
        // The probe closes a second once a second: wait for the one the window ended in.
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
        // The meter publishes once a second: the reading just after the window closes still covers its last second.
        var hubMeters = meters?.Summarise(windowStart, windowEnd + Stopwatch.Frequency);
        var generatorSeconds = probe.Between(loopStart, windowEnd);
        var hubGcPauses = gcWatcher?.PausesBetween(windowStart, windowEnd);

        // Drain: every publish answered, then every coach has every sample (or the timeout says something was lost).
        progress("draining", 0);
        var published = runners.Sum(r => r.Published);
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < config.DrainTimeout && !hub.HasExited
               && (!runners.All(r => r.Idle) || coaches.Any(c => c.Distinct < c.Expected)))
        {
            await Task.Delay(50, cancellationToken);
        }

        var crashed = hub.HasExited;
        long lost = 0, duplicates = 0, foreign = 0;
        foreach (var coach in coaches)
        {
            var (missing, dup) = coach.Verify();
            lost += missing;
            duplicates += dup;
            foreign += coach.UnknownRunnerSamples;
        }

        var runnersSeen = coaches.Select(c => c.RunnersSeen).DefaultIfEmpty(0).ToArray();

        var merged = new LatencyHistogram();
        foreach (var coach in coaches)
        {
            merged.Add(coach.Latency);
        }

        long? recordedRows = null, recordedLost = null, recordedUnacked = null, recordedDup = null;
        string? error = null;
        if (config.Hub == HubKind.Product && !crashed)
        {
            progress("checking recording", 0);
            (recordedRows, recordedLost, recordedUnacked, recordedDup, error) = await CheckRecordingAsync(endpoint, sessions, sessionRunners, capacity, cancellationToken);
        }
        else if (hub.RecordingPath is { } recording && !crashed)
        {
            progress("checking recording", 0);
            (recordedRows, recordedLost, recordedUnacked, recordedDup) = CheckBareRecording(recording, sessions, sessionRunners, capacity);
        }

        return new RunResult
        {
            Config = config,
            WindowSeconds = Math.Round(windowSeconds, 2),
            AcceptedSamplesPerSecond = Math.Round(stats.AcceptedInWindow / windowSeconds, 1),
            FramesPerSecond = Math.Round(stats.FramesInWindow / windowSeconds, 1),
            DeliveredSamplesPerSecond = Math.Round(stats.SamplesReceivedInWindow / windowSeconds, 1),
            Latency = merged.Summary(),
            AckLatency = stats.AckLatency.Summary(),
            CueRoundTrip = cues is null ? null : stats.CueRoundTrip.Summary(),
            CuesSent = cues?.Sent,
            CuesCompleted = cues?.Completed,
            WarmupCuesSent = cues?.WarmupSent,
            WarmupCuesCompleted = cues?.WarmupCompleted,
            PublishedSamples = published,
            LostAtCoaches = lost,
            DuplicatesAtCoaches = duplicates,
            ForeignSamplesAtCoaches = foreign,
            MinRunnersSeenPerCoach = runnersSeen.Min(),
            MaxRunnersSeenPerCoach = runnersSeen.Max(),
            FramesDroppedReported = coaches.Sum(c => c.DroppedReported),
            RecordedRows = recordedRows,
            LostInRecording = recordedLost,
            UnackedNotRecorded = recordedUnacked,
            DuplicatesInRecording = recordedDup,
            UnackedRunners = config.Hub == HubKind.Product || config.BareRecord ? runners.Count(r => r.AckedUpTo < r.Published) : 0,
            PublishErrors = stats.PublishErrors,
            ConnectionsClosed = stats.ConnectionsClosed,
            CueErrors = stats.CueErrors,
            JoinRetries = endpoint.JoinRetries,
            HubCpuPercent = Math.Round(hubCpu, 1),
            HubThreads = hubThreads,
            HubPeakRssMb = Math.Round(hub.PeakRssBytes() / 1048576.0, 1),
            HubGc = hubGc,
            HubGcPauses = hubGcPauses,
            HubMeters = hubMeters,
            HubMeterListener = meters?.Mode ?? HubMeterMode.None,
            LoadGenCpuPercent = Math.Round(genCpu, 1),
            LoadGenGc = string.Join('/', genGc),
            GeneratorLagMaxMs = Math.Round(maxLagMs, 1),
            Generator = new GeneratorHealth([.. generatorSeconds.Where(s => s.EndedAt > windowStart)]),
            GeneratorSeconds = generatorSeconds,
            Seconds = RunSecond.Of(stats.BySecond, generatorSeconds, gcWatcher, windowStart, windowEnd),
            TailCauses = gcWatcher is null || ownGc is null
                ? null
                : TailCauses.Of(stats.BySecond.Tails, gcWatcher.PauseWindows(), ownGc.PauseWindows(), windowStart, windowEnd),
            GeneratorGcPauses = ownGc?.PausesBetween(windowStart, windowEnd),
            HubGcHeap = gcWatcher?.HeapBetween(windowStart, windowEnd + Stopwatch.Frequency),
            GeneratorGcHeap = ownGc?.HeapBetween(windowStart, windowEnd + Stopwatch.Frequency),
            HubCrashed = crashed,
            Error = error ?? (crashed ? $"hub exited with code {hub.ExitCode}" : stats.FirstError),
        };
    }

    private static async Task<(long Rows, long Lost, long Unacked, long Duplicates, string? Error)> CheckRecordingAsync(
        HubEndpoint endpoint, BenchSession[] sessions, IReadOnlyList<RunnerClient>[] sessionRunners, long capacity, CancellationToken cancellationToken)
    {
        long rows = 0, lost = 0, unacked = 0, duplicates = 0;
        string? problem = null;
        for (var s = 0; s < sessions.Length; s++)
        {
            using var response = await endpoint.ExportCsvAsync(sessions[s].SessionId, sessions[s].CoachToken, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var scan = await CsvRecordingScan.ScanAsync(body, capacity, cancellationToken);
            rows += scan.Rows;
            problem ??= scan.Problem;
            var check = Compare(scan.SeqsByRunner, Tallies(sessionRunners[s]));
            lost += check.Lost;
            unacked += check.Unacked;
            duplicates += check.Duplicates;
        }

        return (rows, lost, unacked, duplicates, problem);
    }

    /// <summary>The bare hub's recording file, judged as the product's export is.</summary>
    private static (long Rows, long Lost, long Unacked, long Duplicates) CheckBareRecording(
        string path, BenchSession[] sessions, IReadOnlyList<RunnerClient>[] sessionRunners, long capacity)
    {
        var scan = SqliteRecordingScan.Scan(path, capacity);
        long lost = 0, unacked = 0, duplicates = 0;
        for (var s = 0; s < sessions.Length; s++)
        {
            var seqs = scan.SeqsBySession.TryGetValue(sessions[s].SessionId, out var found) ? found : new Dictionary<string, SeqSet>();
            var check = Compare(seqs, Tallies(sessionRunners[s]));
            lost += check.Lost;
            unacked += check.Unacked;
            duplicates += check.Duplicates;
        }

        // Rows of a session the run never opened: recorded under the wrong session.
        duplicates += scan.SeqsBySession.Where(p => sessions.All(s => s.SessionId != p.Key)).Sum(p => p.Value.Values.Sum(q => q.Distinct + q.Duplicates));
        return (scan.Rows, lost, unacked, duplicates);
    }

    private static RunnerTally[] Tallies(IReadOnlyList<RunnerClient> runners) =>
        [.. runners.Select(r => new RunnerTally(r.Identity.RunnerId, r.Published, Math.Min(r.AckedUpTo, r.Published)))];

    /// <summary>
    /// Samples of one session's runners missing from (or recorded twice in) that session's recording. Lost counts only
    /// samples the hub acknowledged (a durability failure); a sample published but never acknowledged and not recorded
    /// is counted apart, since the hub never promised to keep it (the run is judged on its unacked runners instead).
    /// </summary>
    internal static RecordingCheck Compare(IReadOnlyDictionary<string, SeqSet> recorded, IReadOnlyList<RunnerTally> runners)
    {
        long lost = 0, unacked = 0, duplicates = 0;
        foreach (var runner in runners)
        {
            if (recorded.TryGetValue(runner.RunnerId, out var seqs))
            {
                var missingAcked = seqs.MissingUpTo(runner.AckedUpTo);
                lost += missingAcked;
                unacked += seqs.MissingUpTo(runner.Published) - missingAcked;
                duplicates += seqs.Duplicates + seqs.OutOfRange;
            }
            else
            {
                lost += runner.AckedUpTo;
                unacked += runner.Published - runner.AckedUpTo;
            }
        }

        // A runner of another session in this session's recording would be a leak between sessions.
        duplicates += recorded.Keys.Count(id => runners.All(r => r.RunnerId != id));
        return new RecordingCheck(lost, unacked, duplicates);
    }

    private static int[] GenGc() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    private static async Task StopAsync(RunnerClient?[] runners, List<CoachClient> coaches)
    {
        var connections = new List<HubConnection>();
        foreach (var runner in runners)
        {
            if (runner is not null)
            {
                runner.Stopping = true;
                connections.Add(runner.Connection);
            }
        }

        foreach (var coach in coaches)
        {
            coach.Stopping = true;
            connections.Add(coach.Connection);
        }

        await Parallel.ForEachAsync(
            connections,
            new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (connection, _) =>
            {
                try
                {
                    await connection.DisposeAsync();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Tearing down after the measurement; a connection that fails to close changes nothing measured.
                }
            });
    }
}

/// <summary>A runner's last published seq and the highest seq the hub acknowledged (never above the published one).</summary>
internal readonly record struct RunnerTally(string RunnerId, long Published, long AckedUpTo);

/// <summary>A recording against what was sent: acknowledged samples missing, unacknowledged ones missing, extras.</summary>
internal readonly record struct RecordingCheck(long Lost, long Unacked, long Duplicates);
