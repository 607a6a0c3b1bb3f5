using System.Collections.Frozen;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>
/// A coach console: watches its session and checks every sample of every runner of that session arrives exactly once,
/// recording observedAt -> arrival latency for samples observed inside the measurement window. Samples of a runner of
/// another session are counted apart (the hub must never send them).
/// </summary>
internal sealed class CoachClient
{
    private readonly Lock _gate = new();
    private readonly FrozenDictionary<string, int> _runners;
    private readonly IReadOnlyList<RunnerClient> _sessionRunners;
    private readonly SeqSet[] _seen;
    private readonly RunStats _stats;
    private long _unknownRunnerSamples;
    private long _droppedReported;
    private long _distinct;

    public CoachClient(HubConnection connection, IReadOnlyList<RunnerClient> runners, long capacity, RunStats stats, CueTracker? cues)
    {
        Connection = connection;
        _sessionRunners = runners;
        _runners = runners.Select((r, i) => (r.Identity.RunnerId, i)).ToFrozenDictionary(p => p.RunnerId, p => p.i);
        _seen = new SeqSet[runners.Count];
        for (var i = 0; i < _seen.Length; i++)
        {
            _seen[i] = new SeqSet(capacity);
        }

        _stats = stats;
        connection.On<SamplesFrame>(LiveHubContract.Samples, OnFrame);
        connection.On<FormAlert>(LiveHubContract.Alert, _ => { });
        connection.On<FormAlert>(LiveHubContract.AlertCleared, _ => { });
        connection.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, _ => { });
        connection.On<CueUpdate>(LiveHubContract.CueUpdate, update => cues?.Update(update, SampleClock.Now));
        connection.Closed += e =>
        {
            if (!Stopping)
            {
                _stats.ConnectionClosed(e);
            }

            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    public LatencyHistogram Latency { get; } = new();

    public bool Stopping { get; set; }

    /// <summary>Distinct samples received so far (cheap progress check while draining).</summary>
    public long Distinct => Interlocked.Read(ref _distinct);

    public long DroppedReported => Interlocked.Read(ref _droppedReported);

    /// <summary>Samples of runners not in this coach's session.</summary>
    public long UnknownRunnerSamples => Interlocked.Read(ref _unknownRunnerSamples);

    /// <summary>The runners of the watched session.</summary>
    public IReadOnlyList<RunnerClient> Runners => _sessionRunners;

    /// <summary>What this coach must end up holding: every sample its session's runners published.</summary>
    public long Expected => _sessionRunners.Sum(r => r.Published);

    /// <summary>Runners of its session this coach has received at least one sample of.</summary>
    public int RunnersSeen
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count(s => s.Distinct > 0);
            }
        }
    }

    /// <summary>(missing, duplicates) over the session's runners, against what each runner published.</summary>
    public (long Missing, long Duplicates) Verify()
    {
        lock (_gate)
        {
            long missing = 0, duplicates = 0;
            for (var i = 0; i < _sessionRunners.Count; i++)
            {
                missing += _seen[i].MissingUpTo(_sessionRunners[i].Published);
                duplicates += _seen[i].Duplicates + _seen[i].OutOfRange;
            }

            return (missing, duplicates);
        }
    }

    private void OnFrame(SamplesFrame frame)
    {
        var now = SampleClock.Now;
        var count = 0;
        lock (_gate)
        {
            foreach (var group in frame.Runners)
            {
                if (!_runners.TryGetValue(group.RunnerId, out var local))
                {
                    Interlocked.Add(ref _unknownRunnerSamples, group.Samples.Length);
                    continue;
                }

                var runner = _sessionRunners[local];
                var seen = _seen[local];
                foreach (var sample in group.Samples)
                {
                    count++;
                    var before = seen.Distinct;
                    seen.Add(sample.Seq);
                    if (seen.Distinct == before)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref _distinct);
                    var sent = runner.SendTicks[sample.Seq];
                    if (_stats.InWindow(sent))
                    {
                        Latency.RecordTicks(now - sent);
                    }

                    _stats.BySecond?.Record(now, now - sent);
                }
            }
        }

        if (frame.Dropped > 0)
        {
            Interlocked.Add(ref _droppedReported, frame.Dropped);
        }

        _stats.Frame(now, count);
    }
}

/// <summary>
/// Cue round trips: SendCue at coach 0 -> Cue at the runner -> CueStatus delivered -> CueUpdate at coach 0. Cues go out
/// from the warm-up on, so the hub's cue path is compiled and tiered before the window; only cues sent inside the
/// window count in the figures, the warm-up's are counted apart.
/// </summary>
internal sealed class CueTracker(RunStats stats)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private long _sent;
    private long _completed;
    private long _warmupSent;
    private long _warmupCompleted;

    /// <summary>Cues sent inside the measurement window.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Cues sent inside the window whose "delivered" reached the coach.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public long WarmupSent => Interlocked.Read(ref _warmupSent);

    public long WarmupCompleted => Interlocked.Read(ref _warmupCompleted);

    /// <summary>The cue text is unique per cue, so the round trip is matched even if CueUpdate beats SendCue's result.</summary>
    public void Started(string text, long ticks)
    {
        _started[text] = ticks;
        if (stats.InWindow(ticks))
        {
            Interlocked.Increment(ref _sent);
        }
        else if (stats.BeforeWindow(ticks))
        {
            // Cues sent after the window closed are neither the window's nor the warm-up's.
            Interlocked.Increment(ref _warmupSent);
        }
    }

    public void Update(CueUpdate update, long ticks)
    {
        if (update.Status != CueStatus.Delivered || !_started.TryRemove(update.Text, out var started))
        {
            return;
        }

        if (stats.InWindow(started))
        {
            stats.CueRoundTrip.RecordTicks(ticks - started);
            Interlocked.Increment(ref _completed);
        }
        else if (stats.BeforeWindow(started))
        {
            Interlocked.Increment(ref _warmupCompleted);
        }
    }
}
