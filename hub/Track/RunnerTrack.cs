using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;
using MindMuscle.Live.Hub.FanOut;

namespace MindMuscle.Live.Hub.Track;

/// <summary>
/// One runner's live reps and laps: core's <see cref="RepDetector"/> and <see cref="LapCounter"/> fed with its samples as
/// they arrive and with the coaches' marks, telling the session's coaches <c>RepCompleted</c> and <c>LapCompleted</c>.
/// The runner's one rep detector in the hub: the alert engine's <c>repFade</c> judges the reps it finds (handed back by
/// <see cref="Feed"/>), so coaches, <c>GET /reps</c> and the alert count the same reps.
/// Thread-safe: publishes of the runner and markers from any coach meet here. Allocation-free per sample; it allocates
/// only to emit a rep or a lap.
/// </summary>
internal sealed class RunnerTrack
{
    private readonly Lock _gate = new();
    private readonly string _sessionId;
    private readonly string _runnerId;
    private readonly RepDetector _reps;
    private readonly LapCounter _laps;
    private readonly HashSet<long> _marked = [];
    private readonly List<RepEvent> _repEvents = [];
    private readonly List<Lap> _lapEvents = [];
    private readonly List<FoundRep> _found = [];
    private Rep? _first, _second;

    /// <param name="sessionId">The runner's session.</param>
    /// <param name="runnerId">The runner.</param>
    /// <param name="markers">The session's markers so far, ordered by time: those of this runner and of the group apply.</param>
    public RunnerTrack(string sessionId, string runnerId, IReadOnlyList<SessionMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        _sessionId = sessionId;
        _runnerId = runnerId;
        _reps = new RepDetector();

        // The laps read recent distances from the detector's readings (it is fed each sample first) rather than keep a copy.
        _laps = new LapCounter(_reps);
        foreach (var marker in markers)
        {
            Mark(marker);
        }
    }

    /// <summary>Applies a marker once (a marker heard twice, from memory and over the bus, counts once); notes and other runners' markers are ignored.</summary>
    /// <returns>False when the marker came too late for the runner's reps or laps (a later mark was applied already).</returns>
    public bool Mark(SessionMarker marker)
    {
        if (!TrackMarkers.AppliesTo(marker, _runnerId) || TrackMarkers.From(marker) is not { } mark)
        {
            return true;
        }

        lock (_gate)
        {
            return !_marked.Add(marker.MarkerId) || (_reps.Mark(mark) & _laps.Mark(mark));
        }
    }

    /// <summary>The runner's first two reps so far (fewer before they end): the measure <c>repFade</c> judges the others by.</summary>
    public Rep[] FirstReps()
    {
        lock (_gate)
        {
            return _second is { } second ? [_first!, second] : _first is { } first ? [first] : [];
        }
    }

    /// <summary>
    /// Feeds the runner's new samples (seq order) and hands what they complete to the coaches; with no
    /// <paramref name="fanOut"/> (catching up on the recording) what they complete was told before and is dropped.
    /// </summary>
    /// <returns>The reps the samples completed, each with the sample time it completed at (for the alert engine); null when none.</returns>
    public FoundRep[]? Feed(MetricSample[] samples, SessionFanOut? fanOut)
    {
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                var before = _repEvents.Count;
                _reps.Observe(sample, _repEvents);
                for (var i = before; i < _repEvents.Count; i++)
                {
                    if (_repEvents[i] is { Kind: RepEventKind.Completed, Rep: var rep })
                    {
                        _found.Add(new FoundRep(rep, _reps.SampleTime));
                        if (rep.Number == 1)
                        {
                            _first = rep;
                        }
                        else if (rep.Number == 2)
                        {
                            _second = rep;
                        }
                    }
                }

                _laps.Observe(sample, _lapEvents);
            }

            FoundRep[]? found = null;
            if (_found.Count > 0)
            {
                found = [.. _found];
                _found.Clear();
            }

            if (fanOut is null)
            {
                _repEvents.Clear();
                _lapEvents.Clear();
                return found;
            }

            if (_repEvents.Count > 0)
            {
                // Broadcast only enqueues for the coaches' senders: nothing waits inside the lock.
                foreach (var (kind, rep) in _repEvents)
                {
                    var completed = new RepCompleted { SessionId = _sessionId, RunnerId = _runnerId, Rep = rep, Recovered = kind == RepEventKind.Recovered };
                    fanOut.Broadcast(c => c.RepCompleted(completed));
                }

                _repEvents.Clear();
            }

            if (_lapEvents.Count > 0)
            {
                foreach (var lap in _lapEvents)
                {
                    var completed = new LapCompleted { SessionId = _sessionId, RunnerId = _runnerId, Lap = lap };
                    fanOut.Broadcast(c => c.LapCompleted(completed));
                }

                _lapEvents.Clear();
            }

            return found;
        }
    }
}

/// <summary>A rep the live track found, and the sample time it completed at.</summary>
internal readonly record struct FoundRep(Rep Rep, long At);
