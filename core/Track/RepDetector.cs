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
/// does not), and ends when the median falls 15 % under the rep's own mean for 6 s (a stumble does not). Its bounds are
/// where the raw speed crosses halfway between the two levels, found afterwards in a ring of the last readings.
/// </remarks>
public sealed class RepDetector
{
    private const int RingCapacity = 512;
    private const long RecoveryTimeConstantMs = 20_000;
    private const long HrDrop30Ms = 30_000;
    private const long HrDrop60Ms = 60_000;
    private const int MaxPendingRecoveries = 4;

    private readonly RepDetectorOptions _options;
    private readonly long _minRepMs, _maxRepMs, _settleMs, _accumulateLagMs;
    private readonly double _rise, _halfRise, _endKeep, _dipBack;
    private readonly RollingMedian _speed;
    private readonly TrackReadingRing _ring = new(RingCapacity);
    private readonly Queue<TrackMarker> _marks = new();
    private readonly PendingRecovery[] _pending = new PendingRecovery[MaxPendingRecoveries];

    private TrackDistance _distance;
    private RepAccumulator _acc;
    private Phase _phase;
    private bool _markerMode;
    private bool _armed = true;
    private long _lastT = long.MinValue;
    private double _recovery = double.NaN;
    private double _startRecovery;
    private long _triggerSeq, _triggerT, _endTriggerSeq, _endTriggerT;
    private double _boutSum;
    private int _boutCount;
    private long _startT;
    private double _startD;
    private long _cursor;
    private int _pendingCount;
    private int? _firstDrop60;
    private long _lastMarkAt = long.MinValue;

    public RepDetector(RepDetectorOptions? options = null, IEnumerable<TrackMarker>? markers = null)
    {
        _options = (options ?? RepDetectorOptions.Default).Normalized();
        var o = _options;
        _minRepMs = Ms(o.MinRepSeconds);
        _maxRepMs = Ms(o.MaxRepSeconds);
        _settleMs = Ms(o.EndSettleSeconds);
        _accumulateLagMs = Ms(o.SmoothingSeconds + o.EndSettleSeconds);
        _rise = 1 + (o.StartRisePct / 100);
        _halfRise = 1 + (o.StartRisePct / 200);
        _endKeep = 1 - (o.EndDropPct / 100);
        _dipBack = 1 - (o.EndDropPct / 200);
        _speed = new RollingMedian(128, Ms(o.SmoothingSeconds));
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

    /// <summary>The options in force, normalized.</summary>
    public RepDetectorOptions Options => _options;

    /// <summary>Reps completed so far.</summary>
    public int RepCount { get; private set; }

    /// <summary>A rep is under way (confirmed or marked, not yet ended).</summary>
    public bool IsInRep => _phase is Phase.Working or Phase.Ending or Phase.Marked;

    /// <summary>
    /// A coach's mark, applied when the samples reach its time. Marks come in time order; an earlier one is ignored.
    /// From the first <c>repStart</c> or <c>repEnd</c> on, reps come from marks only.
    /// </summary>
    public void Mark(TrackMarker marker)
    {
        if (marker.Kind is TrackMarkerKind.RepStart or TrackMarkerKind.RepEnd && marker.At >= _lastMarkAt)
        {
            _lastMarkAt = marker.At;
            _marks.Enqueue(marker);
        }
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
            _speed.Add(t, reading.Speed);
        }

        if (_phase == Phase.Marked)
        {
            AccumulateUpTo(long.MaxValue);
        }
        else if (!_markerMode && _speed.TryGetMedian(t, 1, out var speed))
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
                }

                var threshold = Math.Max(_recovery * _rise, _options.MinWorkSpeedMps);
                if (_armed && speed >= threshold)
                {
                    _phase = Phase.Starting;
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
                if (speed < BoutMean * _endKeep)
                {
                    // Shorter than a rep: a stride. The recovery level goes on from where it was.
                    _phase = Phase.Idle;
                    _armed = false;
                    break;
                }

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

    /// <summary>The bout has lasted a rep: its start is where the raw speed rose through halfway to its mean.</summary>
    private void Confirm(long t)
    {
        var mid = (_startRecovery + BoutMean) / 2;
        var start = _ring[_ring.Oldest].T;
        long later = -1;
        for (var seq = _triggerSeq; seq >= _ring.Oldest; seq--)
        {
            ref readonly var r = ref _ring[seq];
            if (double.IsNaN(r.Speed))
            {
                continue;
            }

            if (r.Speed < mid)
            {
                start = later < 0 ? r.T : Crossing(in r, in _ring[later], mid);
                break;
            }

            later = seq;
        }

        _phase = Phase.Working;
        _startT = start;
        _startD = _ring.DistanceAt(start);
        _cursor = _ring.FirstAtOrAfter(start);
        _acc = default;
        AccumulateUpTo(t - _accumulateLagMs);
    }

    /// <summary>The slowdown has lasted: the end is where the raw speed fell through halfway to the recovery's.</summary>
    private void Finish(double recoverySpeed, ICollection<RepEvent> events)
    {
        var mid = (BoutMean + recoverySpeed) / 2;
        var end = _endTriggerT;
        long later = -1;
        for (var seq = _endTriggerSeq; seq >= Math.Max(_ring.Oldest, _cursor); seq--)
        {
            ref readonly var r = ref _ring[seq];
            if (double.IsNaN(r.Speed))
            {
                continue;
            }

            if (r.Speed >= mid)
            {
                end = later < 0 ? r.T : Crossing(in r, in _ring[later], mid);
                break;
            }

            later = seq;
        }

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

            _pending[_pendingCount++] = new PendingRecovery(rep, (int)Math.Round(endHr));
        }
    }

    private void ApplyMarks(long t, ICollection<RepEvent> events)
    {
        while (_marks.TryPeek(out var mark) && mark.At <= t)
        {
            _marks.Dequeue();
            _markerMode = true;
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

    private void AccumulateUpTo(long t)
    {
        while (_cursor < _ring.Next && _ring[_cursor].T <= t)
        {
            _acc.Add(in _ring[_cursor++]);
        }
    }

    private double HeartRateAt(long t)
    {
        for (var seq = _ring.FirstAtOrAfter(t + 1) - 1; seq >= _ring.Oldest; seq--)
        {
            if (!double.IsNaN(_ring[seq].HeartRate))
            {
                return _ring[seq].HeartRate;
            }
        }

        return double.NaN;
    }

    private void MeasureRecoveries(in TrackReading reading, ICollection<RepEvent> events)
    {
        if (_pendingCount == 0 || double.IsNaN(reading.HeartRate))
        {
            return;
        }

        var hr = (int)Math.Round(reading.HeartRate);
        for (var i = 0; i < _pendingCount; i++)
        {
            ref var p = ref _pending[i];
            // Once the next bout is under way the heart rate measures it, not the recovery: the drop stays unknown.
            var recovering = _phase is Phase.Idle;
            if (!p.Measured30 && reading.T >= p.Rep.EndedAt + HrDrop30Ms)
            {
                p.Measured30 = true;
                p.Drop30 = recovering ? p.EndHeartRate - hr : null;
            }

            if (reading.T < p.Rep.EndedAt + HrDrop60Ms)
            {
                continue;
            }

            int? drop60 = recovering ? p.EndHeartRate - hr : null;
            _firstDrop60 ??= drop60;
            var slow = _firstDrop60 is > 0 and var first && drop60 is { } d && d <= first * (1 - (_options.SlowRecoveryPct / 100));
            events.Add(new RepEvent(RepEventKind.Recovered, p.Rep with { HrDrop30Bpm = p.Drop30, HrDrop60Bpm = drop60, SlowRecovery = slow }));
            Array.Copy(_pending, i + 1, _pending, i, _pendingCount - i - 1);
            _pending[--_pendingCount] = default;
            i--;
        }
    }

    /// <summary>When the speed went through <paramref name="level"/> between two readings, interpolated.</summary>
    private static long Crossing(in TrackReading a, in TrackReading b, double level) =>
        b.Speed == a.Speed ? b.T : a.T + (long)Math.Round((b.T - a.T) * Math.Clamp((level - a.Speed) / (b.Speed - a.Speed), 0, 1));

    private static long Ms(double seconds) => (long)Math.Round(seconds * 1000);

    private struct PendingRecovery(Rep rep, int endHeartRate)
    {
        public Rep Rep = rep;
        public int EndHeartRate = endHeartRate;
        public int? Drop30;
        public bool Measured30;
    }
}
