using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// One second of one runner's recording, as a FIT <c>record</c> message holds it: that second's readings merged
/// (<see cref="SecondRecords"/>). Units as in <see cref="MetricSample"/>; a field no reading carried is null.
/// </summary>
public sealed record FitRecord
{
    /// <summary>UTC unix milliseconds of the start of the second (a whole second).</summary>
    public long Timestamp { get; init; }

    public int? HeartRateBpm { get; init; }

    /// <summary>Steps per minute, both feet (FIT stores strides per minute of one leg: cadence + fractional_cadence).</summary>
    public double? CadenceSpm { get; init; }

    public double? SpeedMps { get; init; }

    public double? DistanceM { get; init; }

    public int? PowerW { get; init; }

    /// <summary>FIT stance_time.</summary>
    public double? GroundContactMs { get; init; }

    /// <summary>FIT stance_time_balance: the left foot's share of ground contact time, percent.</summary>
    public double? GctBalanceLeftPct { get; init; }

    /// <summary>FIT vertical_oscillation is in millimetres; ours in centimetres.</summary>
    public double? VerticalOscillationCm { get; init; }

    /// <summary>FIT step_length (mm), one step: our stride length is per step too.</summary>
    public double? StrideLengthM { get; init; }

    /// <summary>The record as a sample of the session format (no RR intervals, contact or battery: FIT records carry none).</summary>
    public MetricSample ToSample(long seq, bool backfilled = false) => new()
    {
        Seq = seq,
        ObservedAt = Timestamp,
        HeartRateBpm = HeartRateBpm,
        CadenceSpm = CadenceSpm,
        SpeedMps = SpeedMps,
        StrideLengthM = StrideLengthM,
        DistanceM = DistanceM,
        PowerW = PowerW,
        GroundContactMs = GroundContactMs,
        VerticalOscillationCm = VerticalOscillationCm,
        GctBalanceLeftPct = GctBalanceLeftPct,
        Backfilled = backfilled,
    };
}
