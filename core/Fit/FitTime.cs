namespace MindMuscle.Live.Core.Fit;

/// <summary>FIT date_time (seconds since 1989-12-31T00:00:00Z) to and from unix milliseconds.</summary>
public static class FitTime
{
    public static long ToUnixMs(uint fitSeconds) => (fitSeconds + FitProfile.EpochUnixSeconds) * 1000;

    /// <summary>The FIT second holding <paramref name="unixMs"/> (rounded down), or null before 1989-12-31 or after 2126.</summary>
    public static uint? FromUnixMs(long unixMs)
    {
        var s = Math.Floor(unixMs / 1000.0) - FitProfile.EpochUnixSeconds;
        return s is >= 0 and < uint.MaxValue ? (uint)s : null;
    }
}
