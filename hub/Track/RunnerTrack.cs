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
/// only to emit a rep or a lap. It cannot fail a publish or a marker: a sample or a mark its analysis fails on starts the
/// runner's reps and laps afresh.
/// </summary>
internal sealed class RunnerTrack
{
    // A track failing again after this many fresh starts has a fault its samples keep hitting: off for the session.
    private const int MaxResets = 8;

    private readonly Lock _gate = new();
    private readonly string _sessionId;
    private readonly string _runnerId;
    private readonly HashSet<long> _marked = [];
    private readonly List<TrackMarker> _marks = [];
    private readonly List<RepEvent> _repEvents = [];
    private readonly List<Lap> _lapEvents = [];
    private readonly List<FoundRep> _found = [];
    private RepDetector _reps;
    private LapCounter _laps;
    private Rep? _first, _second;
    private int _repOffset, _lapOffset, _resets;
    private bool _off;

    // A failure (the first only) and a switch-off not yet handed back: a mark's failure waits for the next feed.
    private Exception? _fault;
    private bool _switchedOff;

    /// <param name="sessionId">The runner's session.</param>
    /// <param name="runnerId">The runner.</param>
    /// <param name="markers">The session's markers so far, ordered by time: those of this runner and of the group apply.</param>
    public RunnerTrack(string sessionId, string runnerId, IReadOnlyList<SessionMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        _sessionId = sessionId;
        _runnerId = runnerId;
        (_reps, _laps) = Analysis([]);
        foreach (var marker in markers)
        {
            Mark(marker);
        }
    }

    /// <summary>
    /// A test seam: runs in each sample's analysis after the rep detector took the sample and before the laps count it,
    /// where a failure would leave the two apart.
    /// </summary>
    internal Action<MetricSample>? AnalysisProbe { get; set; }

    /// <summary>A test seam: runs in each mark's analysis after the rep detector took the mark and before the laps do.</summary>
    internal Action<TrackMarker>? MarkProbe { get; set; }

    /// <summary>
    /// Applies a marker once (a marker heard twice, from memory and over the bus, counts once); notes and other runners'
    /// markers are ignored, and so is every marker once the track is off. A marker the analysis fails on starts the
    /// runner's reps and laps afresh without it; the failure is handed back by the next <see cref="Feed"/>.
    /// </summary>
    /// <returns>False when the marker came too late for the runner's reps or laps (a later mark was applied already).</returns>
    public bool Mark(SessionMarker marker)
    {
        lock (_gate)
        {
            if (_off)
            {
                return true;
            }

            try
            {
                if (!TrackMarkers.AppliesTo(marker, _runnerId) || TrackMarkers.From(marker) is not { } mark || !_marked.Add(marker.MarkerId))
                {
                    return true;
                }

                _marks.Add(mark);
                try
                {
                    var reps = _reps.Mark(mark);
                    MarkProbe?.Invoke(mark);
                    return _laps.Mark(mark) & reps;
                }
                catch
                {
                    // Left out of the fresh start, or every fresh start would fail on it again.
                    _marks.RemoveAt(_marks.Count - 1);
                    throw;
                }
            }
#pragma warning disable CA1031 // Any fault of the analysis, a bug by nature: it must cost the runner its reps so far, never the marker.
            catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                Fail(ex);
                return true;
            }
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
    /// A sample the analysis fails on starts the runner's reps and laps afresh from the next sample (numbers go on);
    /// the failure (or that of a marker since the last feed) is handed back the first time only.
    /// </summary>
    /// <returns>The reps the samples completed, each with the sample time it completed at (for the alert engine), and a failure to report.</returns>
    public TrackFed Feed(MetricSample[] samples, SessionFanOut? fanOut)
    {
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                if (_off)
                {
                    break;
                }

                var (repsBefore, lapsBefore) = (_repEvents.Count, _lapEvents.Count);
                Exception? fault = null;
                try
                {
                    _reps.Observe(sample, _repEvents);
                    AnalysisProbe?.Invoke(sample);
                    _laps.Observe(sample, _lapEvents);
                }
#pragma warning disable CA1031 // Any fault of the analysis, a bug by nature: it must cost the runner its reps so far, never its publish.
                catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
                {
                    fault = ex;
                }

                // What the sample completed before a failure stands: the reps and laps are whole, their numbers taken.
                Collect(repsBefore, lapsBefore);
                if (fault is not null)
                {
                    Fail(fault);
                }
            }

            FoundRep[]? found = null;
            if (_found.Count > 0)
            {
                found = [.. _found];
                _found.Clear();
            }

            if (fanOut is not null)
            {
                Broadcast(fanOut);
            }

            _repEvents.Clear();
            _lapEvents.Clear();
            var fed = new TrackFed(found, _fault, _switchedOff);
            (_fault, _switchedOff) = (null, false);
            return fed;
        }
    }

    /// <summary>Numbers the reps and laps one sample completed on from those before a fresh start, and notes the reps found.</summary>
    private void Collect(int repsBefore, int lapsBefore)
    {
        for (var i = repsBefore; i < _repEvents.Count; i++)
        {
            var (kind, rep) = _repEvents[i];
            if (_repOffset > 0)
            {
                rep = rep with { Number = rep.Number + _repOffset };
                _repEvents[i] = new RepEvent(kind, rep);
            }

            if (kind == RepEventKind.Completed)
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

        for (var i = lapsBefore; _lapOffset > 0 && i < _lapEvents.Count; i++)
        {
            _lapEvents[i] = _lapEvents[i] with { Number = _lapEvents[i].Number + _lapOffset };
        }
    }

    /// <summary>Starts the runner's reps and laps afresh (or switches the track off), keeping the failure to hand back if it is the first.</summary>
    private void Fail(Exception fault)
    {
        _fault ??= _resets == 0 ? fault : null;
        _switchedOff |= !Reset();
    }

    /// <summary>
    /// Starts the runner's reps and laps afresh, with its marks (those before the next sample only say whether a marked
    /// rep is under way); false when the track failed too often and is switched off instead.
    /// </summary>
    private bool Reset()
    {
        _repOffset += _reps.RepCount;
        _lapOffset += _laps.LapCount;
        if (++_resets > MaxResets)
        {
            _off = true;
            return false;
        }

        (_reps, _laps) = Analysis(_marks);
        return true;
    }

    /// <summary>A rep detector and a lap counter that reads it: they count the same readings of each sample.</summary>
    private static (RepDetector Reps, LapCounter Laps) Analysis(IReadOnlyList<TrackMarker> marks)
    {
        var reps = new RepDetector(markers: marks);
        return (reps, new LapCounter(reps, markers: marks));
    }

    private void Broadcast(SessionFanOut fanOut)
    {
        // Broadcast only enqueues for the coaches' senders: nothing waits inside the lock.
        foreach (var (kind, rep) in _repEvents)
        {
            var completed = new RepCompleted { SessionId = _sessionId, RunnerId = _runnerId, Rep = rep, Recovered = kind == RepEventKind.Recovered };
            fanOut.Broadcast(c => c.RepCompleted(completed));
        }

        foreach (var lap in _lapEvents)
        {
            var completed = new LapCompleted { SessionId = _sessionId, RunnerId = _runnerId, Lap = lap };
            fanOut.Broadcast(c => c.LapCompleted(completed));
        }
    }
}

/// <summary>A rep the live track found, and the sample time it completed at.</summary>
internal readonly record struct FoundRep(Rep Rep, long At);

/// <summary>
/// What feeding a runner's track gave: the reps completed (null when none); the failure that started its reps and laps
/// afresh, the runner's first one only; whether it failed too often and was switched off for the session (once).
/// </summary>
internal readonly record struct TrackFed(FoundRep[]? Reps, Exception? Fault, bool SwitchedOff);
