using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Merges one runner's samples (in seq order) into one record per second, as a watch records: the rule of docs/fit.md.
/// </summary>
/// <remarks>
/// A sample's time is its <c>observedAt</c>, held to be no earlier than the sample before it (a reading that arrives
/// with an earlier clock joins the second being filled, as the track detectors treat it). Each field of a second's
/// record is the last value any of that second's samples carried (the newest reading, as a watch's 1 Hz snapshot);
/// a field none carried is null. Seconds without samples have no record. Records are strictly increasing in time.
/// </remarks>
public sealed class SecondRecords
{
    private long _lastT = long.MinValue;
    private long _second = long.MinValue;
    private FitRecord? _current;

    /// <summary>Merges every sample at once.</summary>
    public static List<FitRecord> Merge(IEnumerable<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var merger = new SecondRecords();
        var records = new List<FitRecord>();
        foreach (var s in samples)
        {
            if (merger.Add(s) is { } done)
            {
                records.Add(done);
            }
        }

        if (merger.Flush() is { } last)
        {
            records.Add(last);
        }

        return records;
    }

    /// <summary>Adds one sample; returns the previous second's record when this sample starts a new second.</summary>
    public FitRecord? Add(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var t = Math.Max(sample.ObservedAt, _lastT);
        _lastT = t;
        var second = Math.DivRem(t, 1000, out var rem) - (rem < 0 ? 1 : 0);
        FitRecord? done = null;
        if (_current is null || second != _second)
        {
            done = _current;
            _second = second;
            _current = new FitRecord { Timestamp = second * 1000 };
        }

        _current = Overlay(_current, sample);
        return done;
    }

    /// <summary>The last second's record (null when no sample came since the last flush).</summary>
    public FitRecord? Flush()
    {
        var done = _current;
        _current = null;
        return done;
    }

    private static FitRecord Overlay(FitRecord r, MetricSample s) => r with
    {
        HeartRateBpm = s.HeartRateBpm ?? r.HeartRateBpm,
        CadenceSpm = s.CadenceSpm ?? r.CadenceSpm,
        SpeedMps = s.SpeedMps ?? r.SpeedMps,
        DistanceM = s.DistanceM ?? r.DistanceM,
        PowerW = s.PowerW ?? r.PowerW,
        GroundContactMs = s.GroundContactMs ?? r.GroundContactMs,
        GctBalanceLeftPct = s.GctBalanceLeftPct ?? r.GctBalanceLeftPct,
        VerticalOscillationCm = s.VerticalOscillationCm ?? r.VerticalOscillationCm,
        StrideLengthM = s.StrideLengthM ?? r.StrideLengthM,
    };
}
