using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// One sample as the track features keep it: plausible values, NaN for a missing or implausible one. Metrics are
/// floats (sensor resolution is coarser) so a runner's ring of readings stays small across a thousand runners; the two
/// 8-byte fields come first so the floats pack behind them without padding.
/// </summary>
internal readonly record struct TrackReading(
    long T, double Distance, float Speed, float Cadence, float Stride, float Contact,
    float Oscillation, float Balance, float Power, float HeartRate)
{
    public static TrackReading From(MetricSample sample, long t, double distance) => new(
        t,
        distance,
        Plausible(sample.SpeedMps, PlausibleRanges.SpeedMps),
        Plausible(sample.CadenceSpm, PlausibleRanges.CadenceSpm),
        Plausible(sample.StrideLengthM, PlausibleRanges.StrideLengthM),
        Plausible(sample.GroundContactMs, PlausibleRanges.GroundContactMs),
        Plausible(sample.VerticalOscillationCm, PlausibleRanges.VerticalOscillationCm),
        Plausible(sample.GctBalanceLeftPct, PlausibleRanges.GctBalanceLeftPct),
        Plausible(sample.PowerW, PlausibleRanges.PowerW),
        Plausible(sample.HeartRateBpm, PlausibleRanges.HeartRateBpm));

    /// <summary>When the speed went through <paramref name="level"/> between readings <paramref name="a"/> and <paramref name="b"/>, interpolated.</summary>
    public static long Crossing(in TrackReading a, in TrackReading b, double level) =>
        b.Speed == a.Speed ? b.T : a.T + (long)Math.Round((b.T - a.T) * Math.Clamp((level - a.Speed) / (b.Speed - a.Speed), 0, 1));

    private static float Plausible(double? value, PlausibleRange range) =>
        value is { } v && range.Contains(v) ? (float)v : float.NaN;
}

/// <summary>
/// The last readings of a runner, addressed by an ever-growing sequence number so a cursor survives the ring wrapping.
/// Fixed capacity, allocation-free after construction.
/// </summary>
internal sealed class TrackReadingRing(int capacity)
{
    private readonly TrackReading[] _items = new TrackReading[capacity];

    /// <summary>Sequence number the next reading gets.</summary>
    public long Next { get; private set; }

    /// <summary>Sequence number of the oldest reading still held.</summary>
    public long Oldest => Math.Max(0, Next - _items.Length);

    public bool IsEmpty => Next == 0;

    /// <summary>The reading <see cref="Add"/> would overwrite, if any.</summary>
    public bool IsFull => Next >= _items.Length;

    public ref readonly TrackReading this[long seq] => ref _items[seq % _items.Length];

    public ref readonly TrackReading Newest => ref _items[(Next - 1) % _items.Length];

    public void Add(in TrackReading reading)
    {
        _items[Next % _items.Length] = reading;
        Next++;
    }

    /// <summary>The first sequence number whose reading is at or after <paramref name="t"/> (<see cref="Next"/> when none).</summary>
    public long FirstAtOrAfter(long t)
    {
        var seq = Next;
        while (seq > Oldest && this[seq - 1].T >= t)
        {
            seq--;
        }

        return seq;
    }

    /// <summary>Distance at time <paramref name="t"/>, interpolated between the readings around it.</summary>
    public double DistanceAt(long t)
    {
        var after = FirstAtOrAfter(t);
        if (after == Next)
        {
            return IsEmpty ? 0 : Newest.Distance;
        }

        if (after == Oldest)
        {
            return this[after].Distance;
        }

        ref readonly var a = ref this[after - 1];
        ref readonly var b = ref this[after];
        return b.T == a.T ? b.Distance : a.Distance + ((b.Distance - a.Distance) * (t - a.T) / (b.T - a.T));
    }
}

/// <summary>Running means of a bout's readings, and its peak heart rate.</summary>
internal struct RepAccumulator
{
    private Mean _cadence, _stride, _contact, _oscillation, _balance, _power, _heartRate;
    private double _peakHeartRate;

    public void Add(in TrackReading r)
    {
        _cadence.Add(r.Cadence);
        _stride.Add(r.Stride);
        _contact.Add(r.Contact);
        _oscillation.Add(r.Oscillation);
        _balance.Add(r.Balance);
        _power.Add(r.Power);
        _heartRate.Add(r.HeartRate);
        if (r.HeartRate > _peakHeartRate)
        {
            _peakHeartRate = r.HeartRate;
        }
    }

    public readonly Rep ToRep(int number, long startedAt, long endedAt, double distanceM, bool marked)
    {
        var durationS = (endedAt - startedAt) / 1000.0;
        return new Rep
        {
            Number = number,
            StartedAt = startedAt,
            EndedAt = endedAt,
            DistanceM = Math.Round(distanceM, 1),
            DurationS = durationS,
            PaceSecPerKm = distanceM > 0 ? Math.Round(durationS / distanceM * 1000, 1) : null,
            CadenceSpm = _cadence.Value(1),
            StrideLengthM = _stride.Value(3),
            GroundContactMs = _contact.Value(1),
            VerticalOscillationCm = _oscillation.Value(2),
            GctBalanceLeftPct = _balance.Value(2),
            PowerW = _power.Value(0),
            HeartRateBpm = _heartRate.Value(0),
            PeakHeartRateBpm = _peakHeartRate > 0 ? (int)_peakHeartRate : null,
            Marked = marked,
        };
    }

    private struct Mean
    {
        private double _sum;
        private int _count;

        public void Add(double value)
        {
            if (!double.IsNaN(value))
            {
                _sum += value;
                _count++;
            }
        }

        public readonly double? Value(int digits) => _count > 0 ? Math.Round(_sum / _count, digits) : null;
    }
}
