using System.Collections.Frozen;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Bench.Load.Clients;

/// <summary>
/// A coach console: watches the session and checks every sample of every runner arrives exactly once, recording
/// observedAt -> arrival latency for samples observed inside the measurement window.
/// </summary>
internal sealed class CoachClient
{
    private readonly Lock _gate = new();
    private readonly FrozenDictionary<string, RunnerClient> _runners;
    private readonly SeqSet[] _seen;
    private readonly RunStats _stats;
    private long _unknownRunnerSamples;
    private long _droppedReported;
    private long _distinct;

    public CoachClient(HubConnection connection, IReadOnlyList<RunnerClient> runners, long capacity, RunStats stats, CueTracker? cues)
    {
        Connection = connection;
        _runners = runners.ToFrozenDictionary(r => r.Identity.RunnerId);
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
        connection.On<CueUpdate>(LiveHubContract.CueUpdate, update => cues?.Update(update));
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

    public long UnknownRunnerSamples => Interlocked.Read(ref _unknownRunnerSamples);

    /// <summary>(missing, duplicates) over all runners, against what each runner published.</summary>
    public (long Missing, long Duplicates) Verify(IReadOnlyList<RunnerClient> runners)
    {
        lock (_gate)
        {
            long missing = 0, duplicates = 0;
            for (var i = 0; i < runners.Count; i++)
            {
                missing += _seen[i].MissingUpTo(runners[i].Published);
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
                if (!_runners.TryGetValue(group.RunnerId, out var runner))
                {
                    Interlocked.Add(ref _unknownRunnerSamples, group.Samples.Length);
                    continue;
                }

                var seen = _seen[runner.Identity.Index];
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

/// <summary>Cue round trips: SendCue at coach 0 -> Cue at the runner -> CueStatus delivered -> CueUpdate at coach 0.</summary>
internal sealed class CueTracker(RunStats stats)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);
    private long _sent;
    private long _completed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The cue text is unique per cue, so the round trip is matched even if CueUpdate beats SendCue's result.</summary>
    public void Started(string text)
    {
        _started[text] = SampleClock.Now;
        Interlocked.Increment(ref _sent);
    }

    public void Update(CueUpdate update)
    {
        if (update.Status == CueStatus.Delivered && _started.TryRemove(update.Text, out var started))
        {
            stats.CueRoundTrip.RecordTicks(SampleClock.Now - started);
            Interlocked.Increment(ref _completed);
        }
    }
}
