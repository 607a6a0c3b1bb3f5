namespace MindMuscle.Live.Core.Fit;

/// <summary>One FIT lap: a rep, a recovery, a warm-up or cool-down, or a lap of distance.</summary>
public sealed record FitLap
{
    public required FitTotals Totals { get; init; }

    public FitIntensity Intensity { get; init; }

    public FitLapTrigger Trigger { get; init; }

    /// <summary>The rep's number (core/Track) when the lap is a rep; not stored in the FIT file, so null when read.</summary>
    public int? Rep { get; init; }
}

/// <summary>FIT's intensity enum (values as in the profile).</summary>
public enum FitIntensity
{
    Active = 0,
    Rest = 1,
    Warmup = 2,
    Cooldown = 3,
    Recovery = 4,
    Interval = 5,
}

/// <summary>FIT's lap_trigger enum, the values we write (others read as their number).</summary>
public enum FitLapTrigger
{
    Manual = 0,
    Time = 1,
    Distance = 2,
    SessionEnd = 7,
}
