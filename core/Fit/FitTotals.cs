namespace MindMuscle.Live.Core.Fit;

/// <summary>A lap's or a session's totals and averages (FIT lap and session messages share them). Null when no record had the value.</summary>
public sealed record FitTotals
{
    /// <summary>UTC unix milliseconds (FIT start_time: a whole second).</summary>
    public long StartedAt { get; init; }

    /// <summary>Elapsed time, seconds (FIT total_elapsed_time, millisecond resolution).</summary>
    public double ElapsedS { get; init; }

    public double? DistanceM { get; init; }

    public double? AvgSpeedMps { get; init; }

    public double? MaxSpeedMps { get; init; }

    public int? AvgHeartRateBpm { get; init; }

    public int? MaxHeartRateBpm { get; init; }

    /// <summary>Steps per minute, both feet.</summary>
    public double? AvgCadenceSpm { get; init; }

    public double? MaxCadenceSpm { get; init; }

    public int? AvgPowerW { get; init; }

    public int? MaxPowerW { get; init; }

    public double? AvgGroundContactMs { get; init; }

    public double? AvgGctBalanceLeftPct { get; init; }

    public double? AvgVerticalOscillationCm { get; init; }

    public double? AvgStrideLengthM { get; init; }

    /// <summary>UTC unix milliseconds of the end: start plus elapsed.</summary>
    public long EndedAt => StartedAt + (long)Math.Round(ElapsedS * 1000);
}
