namespace MindMuscle.Live.Web.Live;

/// <summary>Five heart-rate zones at 50/60/70/80/90 % of a runner's HR max; under 50 % is zone 0 (no zone).</summary>
public static class HeartRateZones
{
    /// <summary>The group's HR max when the session does not say.</summary>
    public const int DefaultMaxBpm = 190;

    /// <summary>0..5. Integer arithmetic so a boundary (e.g. 60 % of 190 = 114) lands in the upper zone exactly.</summary>
    public static int Zone(int bpm, int maxBpm)
    {
        var max = Math.Max(1, maxBpm);
        var percent100 = bpm * 100L;
        return percent100 >= max * 90L ? 5
            : percent100 >= max * 80L ? 4
            : percent100 >= max * 70L ? 3
            : percent100 >= max * 60L ? 2
            : percent100 >= max * 50L ? 1
            : 0;
    }
}
