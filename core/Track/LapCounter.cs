using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// Cuts one runner's session into laps as samples come: every <c>lapLengthM</c> of distance (the footpod's, else
/// integrated speed), or at the coach's <c>lap</c> marks, which override distance from the first one on. The first lap
/// starts at the first sample; a mark before or within <see cref="TrackMarker.DoublePressMs"/> of a lap's start ends nothing. Not thread-safe; allocation-free per sample (allocates only to emit a lap or queue a mark). A mark that arrives after the samples passed its time cuts the lap at the distance of its time, from the last 512 samples,
/// the current one included (those a <see cref="RepDetector"/> holds, so both kinds of counter reach equally far); an older mark gets the oldest one's distance.
/// A counter made to read a detector counts the detector's own readings, so the two never disagree on a sample.
/// </summary>
public sealed class LapCounter
{
    // The distance of the samples before the current one, for a mark that arrives after the samples passed it: with the
    // current one, as many as RepDetector's ring holds, so a counter reading that ring reaches exactly as far.
    private const int HistoryCapacity = 511;

    private readonly double _lapLengthM;
    private readonly long[] _historyT;
    private readonly double[] _historyD;

    // The rep detector's readings, when the counter reads its history there instead of keeping a copy.
    private readonly TrackReadingRing? _shared;
    private int _historyNext, _historyCount;

    // The detector's next reading this counter has not counted yet.
    private long _sharedNext;
    private readonly List<TrackMarker> _marks = [];
    private TrackDistance _distance;
    private bool _started;
    private bool _markerMode;
    private long _lastT, _lapStartT;
    private double _lastD, _lapStartD;
    private long _appliedUpTo = long.MinValue;

    /// <param name="lapLengthM">A lap's length (default 400, a standard track's lane 1); 50 to 10 000 m.</param>
    /// <param name="markers">The coach's marks known up front (a recorded session); more may come through <see cref="Mark"/>.</param>
    public LapCounter(double lapLengthM = 400, IEnumerable<TrackMarker>? markers = null)
        : this(lapLengthM, markers, shared: null)
    {
    }

    /// <summary>
    /// A counter that counts the readings <paramref name="readings"/> takes (time and distance as the detector has them)
    /// and reads the distances of recent samples there, instead of keeping its own copy (8 KB a runner). Each
    /// <see cref="Observe"/> counts every reading the detector took since the last one: feed the detector each sample
    /// first, or the counter counts that sample at its next call.
    /// </summary>
    /// <param name="readings">The runner's rep detector, fed the runner's samples.</param>
    /// <param name="lapLengthM">A lap's length (default 400, a standard track's lane 1); 50 to 10 000 m.</param>
    /// <param name="markers">The coach's marks known up front (a recorded session); more may come through <see cref="Mark"/>.</param>
    public LapCounter(RepDetector readings, double lapLengthM = 400, IEnumerable<TrackMarker>? markers = null)
        : this(lapLengthM, markers, (readings ?? throw new ArgumentNullException(nameof(readings))).Readings)
    {
    }

    private LapCounter(double lapLengthM, IEnumerable<TrackMarker>? markers, TrackReadingRing? shared)
    {
        if (lapLengthM is not (>= 50 and <= 10_000))
        {
            throw new ArgumentOutOfRangeException(nameof(lapLengthM), lapLengthM, "a lap is 50 to 10 000 m");
        }

        _lapLengthM = lapLengthM;
        _shared = shared;
        (_historyT, _historyD) = shared is null ? (new long[HistoryCapacity], new double[HistoryCapacity]) : ([], []);
        foreach (var mark in markers ?? [])
        {
            Mark(mark);
        }
    }

    /// <summary>Laps completed so far.</summary>
    public int LapCount { get; private set; }

    /// <summary>Lap marks that came after a later one was applied, or fell inside a lap already completed: ignored.</summary>
    public int LateMarks { get; private set; }

    /// <summary>
    /// A coach's <c>lap</c> mark (others are ignored), applied when the samples reach its time; marks may come out of time
    /// order (two coaches, another node), they wait in time order.
    /// </summary>
    /// <returns>False when the mark came too late to take its place (<see cref="LateMarks"/>).</returns>
    public bool Mark(TrackMarker marker)
    {
        if (marker.Kind != TrackMarkerKind.Lap)
        {
            return true;
        }

        if (marker.At < _appliedUpTo || (LapCount > 0 && marker.At < _lapStartT))
        {
            LateMarks++;
            return false;
        }

        TrackMarkers.InsertInOrder(_marks, marker);
        return true;
    }

    /// <summary>
    /// Feeds one sample (seq order); appends the laps it completes to <paramref name="laps"/>. A counter reading a
    /// detector counts the readings the detector took since the last call instead (one, when both take each sample).
    /// </summary>
    public void Observe(MetricSample sample, ICollection<Lap> laps)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(laps);
        if (_shared is { } ring)
        {
            // The detector's time and distance of each reading, not a second reckoning of them: a sample the detector
            // took and this counter missed (a call skipped, or made before the detector's) is counted late, not lost.
            for (var seq = Math.Max(_sharedNext, ring.Oldest); seq < ring.Next; seq++)
            {
                ref readonly var reading = ref ring[seq];
                Count(reading.T, reading.Distance, seq, laps);
            }

            _sharedNext = ring.Next;
            return;
        }

        var t = _started ? Math.Max(sample.ObservedAt, _lastT) : sample.ObservedAt;
        var d = _distance.Advance(sample, t);
        Count(t, d, seq: -1, laps);
        (_historyT[_historyNext], _historyD[_historyNext]) = (t, d);
        _historyNext = (_historyNext + 1) % HistoryCapacity;
        _historyCount = Math.Min(_historyCount + 1, HistoryCapacity);
    }

    /// <summary>Counts one reading: time <paramref name="t"/>, distance <paramref name="d"/>, the detector's <paramref name="seq"/> (when shared).</summary>
    private void Count(long t, double d, long seq, ICollection<Lap> laps)
    {
        if (!_started)
        {
            _started = true;
            (_lastT, _lastD, _lapStartT, _lapStartD) = (t, d, t, d);
        }

        while (_marks.Count > 0 && _marks[0] is var mark && mark.At <= t)
        {
            _marks.RemoveAt(0);
            _markerMode = true;
            _appliedUpTo = mark.At;
            if (mark.At - _lapStartT >= TrackMarker.DoublePressMs)
            {
                Complete(mark.At, DistanceAt(mark.At, t, d, seq), marked: true, laps);
            }
            else if (LapCount > 0 && mark.At < _lapStartT)
            {
                // Inside a lap completed by distance before this first mark came: too late to cut it.
                LateMarks++;
            }

            // A mark before or just after the lap's start (the coach's "go" before the runner's first sample, or a second
            // tap) is its start line: an empty lap would only shift the numbers.
        }

        while (!_markerMode && d - _lapStartD >= _lapLengthM)
        {
            var lapEndD = _lapStartD + _lapLengthM;
            var at = d == _lastD ? t : _lastT + (long)Math.Round((t - _lastT) * Math.Clamp((lapEndD - _lastD) / (d - _lastD), 0, 1));
            Complete(Math.Max(at, _lapStartT), lapEndD, marked: false, laps);
        }

        (_lastT, _lastD) = (t, d);
    }

    /// <summary>
    /// The distance at <paramref name="at"/>, interpolated between the samples around it (the current one is
    /// <paramref name="t"/>, <paramref name="d"/>, the detector's reading <paramref name="seq"/> when shared).
    /// </summary>
    private double DistanceAt(long at, long t, double d, long seq)
    {
        if (_shared is { } ring)
        {
            return SharedDistanceAt(ring, at, t, d, seq);
        }

        var (laterT, laterD) = (t, d);
        for (var i = 1; i <= _historyCount; i++)
        {
            var k = (_historyNext - i + HistoryCapacity) % HistoryCapacity;
            var (earlierT, earlierD) = (_historyT[k], _historyD[k]);
            if (earlierT <= at)
            {
                return laterT == earlierT ? earlierD : earlierD + ((laterD - earlierD) * (at - earlierT) / (laterT - earlierT));
            }

            (laterT, laterD) = (earlierT, earlierD);
        }

        // Older than the history: its oldest distance.
        return laterD;
    }

    /// <summary>As <see cref="DistanceAt"/>, over the detector's readings before the current one (<paramref name="current"/>).</summary>
    private static double SharedDistanceAt(TrackReadingRing ring, long at, long t, double d, long current)
    {
        var (laterT, laterD) = (t, d);
        for (var seq = current - 1; seq >= ring.Oldest; seq--)
        {
            ref readonly var earlier = ref ring[seq];
            if (earlier.T <= at)
            {
                return laterT == earlier.T ? earlier.Distance : earlier.Distance + ((laterD - earlier.Distance) * (at - earlier.T) / (laterT - earlier.T));
            }

            (laterT, laterD) = (earlier.T, earlier.Distance);
        }

        return laterD;
    }

    private void Complete(long endT, double endD, bool marked, ICollection<Lap> laps)
    {
        var durationS = (endT - _lapStartT) / 1000.0;
        var distanceM = endD - _lapStartD;
        laps.Add(new Lap
        {
            Number = ++LapCount,
            StartedAt = _lapStartT,
            EndedAt = endT,
            DistanceM = Math.Round(distanceM, 1),
            DurationS = durationS,
            PaceSecPerKm = distanceM > 0 ? Math.Round(durationS / distanceM * 1000, 1) : null,
            Marked = marked,
        });
        (_lapStartT, _lapStartD) = (endT, endD);
    }
}
