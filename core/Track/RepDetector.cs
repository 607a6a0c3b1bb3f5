// Over 400 lines: one streaming state machine (detection, marks, recoveries) over one ring; split, it would share all its state.
using MindMuscle.Live.Core.Alerts.Internal;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// Finds one runner's reps (work bouts) in its samples as they come, on sample time, so the live hub and
/// <c>analyze</c> find the same reps; the coach's <c>repStart</c>/<c>repEnd</c> marks override detection (docs/track.md).
/// Not thread-safe. Allocation-free per sample in steady state: allocates only to emit a rep or queue a mark.
/// </summary>
/// <remarks>
/// A rep starts when the 5 s median speed rises 15 % over the recovery's speed (and above a jog), lasts 25 s (a stride
/// does not), and ends when the median falls 15 % under the rep's own mean for 6 s (a stumble does not; nor does it
/// end a bout not yet 25 s long). Its bounds are
/// where the raw speed is a quarter of the way into the change between the two levels (<c>boundaryChangePct</c>), found
/// afterwards in a ring of the last readings.
/// </remarks>
public sealed class RepDetector
{
    private const int RingCapacity = 512;
    private const long RecoveryTimeConstantMs = 20_000;
    private const long HrDrop30Ms = 30_000;
    private const long HrDrop60Ms = 60_000;
    private const long HrHalfWindowMs = HeartRateWindow.HalfWindowMs;
    private const int MaxPendingRecoveries = 4;

    // A median of fewer readings is one wild reading away from anything (the first one sets the recovery's level).
    private const int MinMedianReadings = 3;

    private readonly RepDetectorOptions _options;
    private readonly long _minRepMs, _maxRepMs, _settleMs, _accumulateLagMs, _smoothingMs;
    private readonly double _rise, _halfRise, _endKeep, _dipBack, _boundary;
    private readonly RollingMedian<float> _speed;
    private readonly TrackReadingRing _ring = new(RingCapacity);
    private readonly List<TrackMarker> _marks = [];
    private readonly PendingRecovery[] _pending = new PendingRecovery[MaxPendingRecoveries];

    private TrackDistance _distance;
    private RepAccumulator _acc;
    private Phase _phase;
    private bool _markerMode;
    private bool _armed = true;
    private long _lastT = long.MinValue;
    private double _recovery = double.NaN;
    private long _recoverySeededT;
    private double _firstSpeed = double.NaN;
    private double _startRecovery;
    private long _triggerSeq, _triggerT, _endTriggerSeq, _endTriggerT;
    private long _slowSince = long.MinValue;
    private double _boutSum;
    private int _boutCount;
    private long _startT;
    private double _startD;
    private long _cursor;
    private int _pendingCount;
    private int? _firstDrop60;
    private long _appliedUpTo = long.MinValue;

    public RepDetector(RepDetectorOptions? options = null, IEnumerable<TrackMarker>? markers = null)
    {
        _options = (options ?? RepDetectorOptions.Default).Normalized();
        var o = _options;
        _minRepMs = Ms(o.MinRepSeconds);
        _maxRepMs = Ms(o.MaxRepSeconds);
        _settleMs = Ms(o.EndSettleSeconds);
        _accumulateLagMs = Ms(o.SmoothingSeconds + o.EndSettleSeconds);
        _smoothingMs = Ms(o.SmoothingSeconds);
        _rise = 1 + (o.StartRisePct / 100);
        _halfRise = 1 + (o.StartRisePct / 200);
        _endKeep = 1 - (o.EndDropPct / 100);
        _dipBack = 1 - (o.EndDropPct / 200);
        _boundary = o.BoundaryChangePct / 100;
        _speed = new RollingMedian<float>(128, Ms(o.SmoothingSeconds));
        foreach (var mark in markers ?? [])
        {
            Mark(mark);
        }
    }

    private enum Phase
    {
        Idle,
        Starting,
        Working,
        Ending,
        Marked,
    }

    /// <summary>The readings the detector holds (the last 512), for a <see cref="LapCounter"/> made to read them.</summary>
    internal TrackReadingRing Readings => _ring;

    /// <summary>The options in force, normalized.</summary>
    public RepDetectorOptions Options => _options;

    /// <summary>The runner's sample time so far: the latest sample's, never going back; <see cref="long.MinValue"/> before the first.</summary>
    public long SampleTime => _lastT;

    /// <summary>Reps completed so far.</summary>
    public int RepCount { get; private set; }

    /// <summary>A rep is under way (confirmed or marked, not yet ended).</summary>
    public bool IsInRep => _phase is Phase.Working or Phase.Ending or Phase.Marked;

    /// <summary>Marks that came after a later one was applied (or after the first sample, for one before it): ignored.</summary>
    public int LateMarks { get; private set; }

    /// <summary>
    /// A coach's mark, applied when the samples reach its time; marks may come out of time order (two coaches, another
    /// node), they wait in time order. From the first <c>repStart</c> or <c>repEnd</c> on, reps come from marks only.
    /// </summary>
    /// <returns>False when the mark came too late to take its place (<see cref="LateMarks"/>).</returns>
    public bool Mark(TrackMarker marker)
    {
        if (marker.Kind is not (TrackMarkerKind.RepStart or TrackMarkerKind.RepEnd))
        {
            return true;
        }

        if (marker.At < _appliedUpTo)
        {
            LateMarks++;
            return false;
        }

        TrackMarkers.InsertInOrder(_marks, marker);
        return true;
    }

    /// <summary>Feeds one sample (seq order); appends completed reps and measured recoveries to <paramref name="events"/>.</summary>
    public void Observe(MetricSample sample, ICollection<RepEvent> events)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(events);
        var t = _lastT == long.MinValue ? sample.ObservedAt : Math.Max(sample.ObservedAt, _lastT);
        _lastT = t;
        ApplyMarks(t, events);

        var reading = TrackReading.From(sample, t, _distance.Advance(sample, t));
        if (_ring.IsFull && _phase is Phase.Working or Phase.Ending or Phase.Marked && _cursor == _ring.Oldest)
        {
            _acc.Add(in _ring[_cursor++]);
        }

        _ring.Add(in reading);
        MeasureRecoveries(in reading, events);
        if (!double.IsNaN(reading.Speed))
        {
            if (double.IsNaN(_firstSpeed))
            {
                _firstSpeed = reading.Speed;
            }

            _speed.Add(t, reading.Speed);
        }

        if (_phase == Phase.Marked)
        {
            AccumulateUpTo(long.MaxValue);
        }
        else if (!_markerMode && _speed.TryGetMedian(t, MinMedianReadings, out var speed))
        {
            Detect(t, speed, events);
        }
    }

    private void Detect(long t, double speed, ICollection<RepEvent> events)
    {
        switch (_phase)
        {
            case Phase.Idle:
                if (double.IsNaN(_recovery))
                {
                    _recovery = speed;
                    _recoverySeededT = t;
                }

                var threshold = Math.Max(_recovery * _rise, _options.MinWorkSpeedMps);
                if (_armed && speed >= threshold)
                {
                    _phase = Phase.Starting;
                    _slowSince = long.MinValue;
                    _startRecovery = _recovery;
                    _triggerSeq = _ring.Next - 1;
                    _triggerT = t;
                    _boutSum = speed;
                    _boutCount = 1;
                }
                else
                {
                    // Re-armed only once back near the recovery's speed: the tail of a stride is not a new bout.
                    _armed |= speed < Math.Max(_recovery * _halfRise, _options.MinWorkSpeedMps);
                    var dt = _ring.Next > 1 ? t - _ring[_ring.Next - 2].T : 0;
                    _recovery += (1 - Math.Exp(-(double)dt / RecoveryTimeConstantMs)) * (speed - _recovery);
                }

                break;
            case Phase.Starting:
                // On the way up only a slowdown that lasts ends a bout, as it ends a rep: there one wild reading moves the
                // median a long way, and a bout given up is never started again (the recovery level climbs to the rep's
                // speed). Later in the bout a slowdown ends it at once, or two strides with a short easing between would
                // make one rep.
                if (_slowSince != long.MinValue ? speed < BoutMean * _dipBack : speed < BoutMean * _endKeep)
                {
                    if (_slowSince == long.MinValue)
                    {
                        _slowSince = t;
                    }

                    if (t - _slowSince >= _settleMs || _slowSince - _triggerT > 2 * _smoothingMs)
                    {
                        // Shorter than a rep: a stride. The recovery level goes on from where it was.
                        _phase = Phase.Idle;
                        _armed = false;
                    }

                    break;
                }

                _slowSince = long.MinValue;
                AddToBout(speed);
                if (t - _triggerT >= _minRepMs)
                {
                    Confirm(t);
                }

                break;
            case Phase.Working:
                if (speed < BoutMean * _endKeep)
                {
                    _phase = Phase.Ending;
                    _endTriggerSeq = _ring.Next - 1;
                    _endTriggerT = t;
                    break;
                }

                AddToBout(speed);
                if (t - _startT > _maxRepMs)
                {
                    // A continuous run, not a rep.
                    _phase = Phase.Idle;
                    _armed = false;
                    _recovery = speed;
                    break;
                }

                AccumulateUpTo(t - _accumulateLagMs);
                break;
            case Phase.Ending:
                if (speed >= BoutMean * _dipBack)
                {
                    _phase = Phase.Working;
                }
                else if (t - _endTriggerT >= _settleMs)
                {
                    Finish(speed, events);
                }

                break;
        }
    }

    private double BoutMean => _boutSum / _boutCount;

    private void AddToBout(double speed)
    {
        _boutSum += speed;
        _boutCount++;
    }

    /// <summary>The bout has lasted a rep: its start is where the raw speed rose through the boundary level towards its mean.</summary>
    private void Confirm(long t)
    {
        // A rep that set off within the first median window of the runner's data: that median already held part of the
        // speed-up, so it overstates the level the rep rose from, which the first reading shows.
        var from = _triggerT - _recoverySeededT <= _smoothingMs ? Math.Min(_startRecovery, _firstSpeed) : _startRecovery;
        var mid = from + ((BoutMean - from) * _boundary);
        var start = CrossingBefore(_triggerSeq, _ring.Oldest, mid, rising: true, _ring[_ring.Oldest].T);

        _phase = Phase.Working;
        _startT = start;
        _startD = _ring.DistanceAt(start);
        _cursor = _ring.FirstAtOrAfter(start);
        _acc = default;
        AccumulateUpTo(t - _accumulateLagMs);
    }

    /// <summary>The slowdown has lasted: the end is where the raw speed fell through the boundary level towards the recovery's.</summary>
    private void Finish(double recoverySpeed, ICollection<RepEvent> events)
    {
        var mid = BoutMean - ((BoutMean - recoverySpeed) * _boundary);
        var end = CrossingBefore(_endTriggerSeq, Math.Max(_ring.Oldest, _cursor), mid, rising: false, _endTriggerT);

        _phase = Phase.Idle;
        _armed = false;
        _recovery = recoverySpeed;
        if (end - _startT <= _maxRepMs)
        {
            Complete(end, marked: false, events);
        }
    }

    private void Complete(long end, bool marked, ICollection<RepEvent> events)
    {
        AccumulateUpTo(end);
        var rep = _acc.ToRep(++RepCount, _startT, end, _ring.DistanceAt(end) - _startD, marked);
        events.Add(new RepEvent(RepEventKind.Completed, rep));
        var endHr = HeartRateAt(end);
        if (!double.IsNaN(endHr))
        {
            if (_pendingCount == _pending.Length)
            {
                Array.Copy(_pending, 1, _pending, 0, --_pendingCount);
            }

            _pending[_pendingCount++] = new PendingRecovery { Rep = rep, EndHeartRate = endHr };
        }
    }

    private void ApplyMarks(long t, ICollection<RepEvent> events)
    {
        if (_ring.IsEmpty)
        {
            ApplyMarksBeforeFirstSample(t);
            return;
        }

        while (_marks.Count > 0 && _marks[0] is var mark && mark.At <= t)
        {
            _marks.RemoveAt(0);
            _markerMode = true;
            _appliedUpTo = mark.At;
            if (_phase == Phase.Marked && mark.Kind == TrackMarkerKind.RepStart && mark.At - _startT < TrackMarker.DoublePressMs)
            {
                continue;
            }

            if (_phase == Phase.Marked)
            {
                // Any mark ends the marked rep under way: a repEnd, or a repStart the coach pressed without one.
                Complete(Math.Max(mark.At, _startT), marked: true, events);
                _phase = Phase.Idle;
            }

            if (mark.Kind == TrackMarkerKind.RepStart)
            {
                _phase = Phase.Marked;
                _startT = mark.At;
                _startD = _ring.DistanceAt(mark.At);
                _cursor = _ring.FirstAtOrAfter(mark.At);
                _acc = default;
            }
            else
            {
                _phase = Phase.Idle;
            }
        }
    }

    /// <summary>
    /// Marks up to the runner's first sample (the group's reps before a runner joined) are not this runner's reps: they
    /// only say whether a rep is under way as the runner starts, which then starts at the first sample.
    /// </summary>
    private void ApplyMarksBeforeFirstSample(long t)
    {
        var underWay = false;
        _appliedUpTo = t;
        while (_marks.Count > 0 && _marks[0] is var mark && mark.At <= t)
        {
            _marks.RemoveAt(0);
            _markerMode = true;
            underWay = mark.Kind == TrackMarkerKind.RepStart;
        }

        if (underWay)
        {
            _phase = Phase.Marked;
            _startT = t;
            _startD = 0;
            _cursor = _ring.Next;
            _acc = default;
        }
    }

    private void AccumulateUpTo(long t)
    {
        while (_cursor < _ring.Next && _ring[_cursor].T <= t)
        {
            _acc.Add(in _ring[_cursor++]);
        }
    }

    /// <summary>The mean heart rate of the readings within the half-window around <paramref name="t"/>; NaN without any.</summary>
    private double HeartRateAt(long t)
    {
        double sum = 0;
        var count = 0;
        for (var seq = _ring.FirstAtOrAfter(t - HrHalfWindowMs); seq < _ring.Next && _ring[seq].T <= t + HrHalfWindowMs; seq++)
        {
            if (!double.IsNaN(_ring[seq].HeartRate))
            {
                sum += _ring[seq].HeartRate;
                count++;
            }
        }

        return count > 0 ? sum / count : double.NaN;
    }

    private void MeasureRecoveries(in TrackReading reading, ICollection<RepEvent> events)
    {
        if (_pendingCount == 0 || double.IsNaN(reading.HeartRate))
        {
            return;
        }

        // Once the next bout is under way the heart rate measures it, not the recovery: the drop stays unknown.
        var recovering = _phase is Phase.Idle;
        for (var i = 0; i < _pendingCount; i++)
        {
            ref var p = ref _pending[i];
            var since = reading.T - p.Rep.EndedAt;
            p.At30.Add(since - HrDrop30Ms, reading.HeartRate);
            p.At60.Add(since - HrDrop60Ms, reading.HeartRate);
            if (!p.Done30 && since > HrDrop30Ms + HrHalfWindowMs)
            {
                p.Done30 = true;
                p.Drop30 = recovering ? p.At30.DropFrom(p.EndHeartRate) : null;
            }

            if (since <= HrDrop60Ms + HrHalfWindowMs)
            {
                continue;
            }

            var drop60 = recovering ? p.At60.DropFrom(p.EndHeartRate) : null;
            _firstDrop60 ??= drop60;
            var slow = _firstDrop60 is > 0 and var first && drop60 is { } d && d <= first * (1 - (_options.SlowRecoveryPct / 100));
            events.Add(new RepEvent(RepEventKind.Recovered, p.Rep with { HrDrop30Bpm = p.Drop30, HrDrop60Bpm = drop60, SlowRecovery = slow }));
            Array.Copy(_pending, i + 1, _pending, i, _pendingCount - i - 1);
            _pending[--_pendingCount] = default;
            i--;
        }
    }

    /// <summary>
    /// Searching back from <paramref name="fromSeq"/>, when the despiked speed last went through <paramref name="mid"/> (up
    /// when <paramref name="rising"/>), interpolated.
    /// </summary>
    private long CrossingBefore(long fromSeq, long floorSeq, double mid, bool rising, long fallback)
    {
        long later = -1;
        var laterSpeed = double.NaN;
        for (var seq = fromSeq; seq >= floorSeq; seq--)
        {
            var speed = SmoothedSpeed(seq, floorSeq);
            if (double.IsNaN(speed))
            {
                continue;
            }

            if ((speed < mid) == rising)
            {
                var t = _ring[seq].T;
                return later < 0 || laterSpeed == speed ? t : t + (long)Math.Round((_ring[later].T - t) * Math.Clamp((mid - speed) / (laterSpeed - speed), 0, 1));
            }

            later = seq;
            laterSpeed = speed;
        }

        return fallback;
    }

    /// <summary>
    /// The despiked speed taken once more as the median of it and its neighbours' (Tukey's 3 twice): two wild readings with
    /// one good one between them would otherwise give that one a wild value.
    /// </summary>
    private double SmoothedSpeed(long seq, long floorSeq)
    {
        var speed = DespikedSpeed(seq, floorSeq);
        var before = NeighbourSeq(seq, -1, floorSeq);
        var after = NeighbourSeq(seq, 1, floorSeq);
        if (double.IsNaN(speed) || before < 0 || after < 0)
        {
            return speed;
        }

        var (b, a) = (DespikedSpeed(before, floorSeq), DespikedSpeed(after, floorSeq));
        return Math.Max(Math.Min(b, a), Math.Min(Math.Max(b, a), speed));
    }

    private long NeighbourSeq(long seq, int step, long floorSeq)
    {
        for (var s = seq + step; s >= floorSeq && s < _ring.Next; s += step)
        {
            if (!double.IsNaN(_ring[s].Speed))
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>
    /// The reading's speed as the median of it and its neighbours': a lone wild reading next to the crossing, on either
    /// side, neither makes a crossing nor hides the real one.
    /// </summary>
    private double DespikedSpeed(long seq, long floorSeq)
    {
        var speed = _ring[seq].Speed;
        var before = NeighbourSpeed(seq, -1, floorSeq);
        var after = NeighbourSpeed(seq, 1, floorSeq);
        return double.IsNaN(speed) || double.IsNaN(before) || double.IsNaN(after)
            ? speed
            : Math.Max(Math.Min(before, after), Math.Min(Math.Max(before, after), speed));
    }

    private double NeighbourSpeed(long seq, int step, long floorSeq)
    {
        for (var s = seq + step; s >= floorSeq && s < _ring.Next; s += step)
        {
            if (!double.IsNaN(_ring[s].Speed))
            {
                return _ring[s].Speed;
            }
        }

        return double.NaN;
    }

    private static long Ms(double seconds) => (long)Math.Round(seconds * 1000);
}
