namespace MindMuscle.Live.Core.Samples;

/// <summary>
/// The one table of plausible sample values: the hub refuses a batch holding a value outside it, and the alert engine
/// never reads one. Bounds are generous on purpose: one value refuses a whole batch, so a bound must never cut a reading
/// a working sensor on a runner sends; the engine's rules are relative to the runner's own baseline and median-filtered,
/// so the odd glitch inside the bounds moves nothing.
/// </summary>
public static class PlausibleRanges
{
    /// <summary>Below the slowest resting heart and above the fastest racing one, with a margin for strap glitches.</summary>
    public static PlausibleRange HeartRateBpm { get; } = new("heartRateBpm", "bpm", 20, 255);

    /// <summary>One beat at 600 bpm to one at 12 bpm: wider than any heart, so only nonsense is refused.</summary>
    public static PlausibleRange RrIntervalMs { get; } = new("rrIntervalsMs", "ms", 100, 5000);

    /// <summary>Above sprint step rates, leaving room for a footpod that counts each foot.</summary>
    public static PlausibleRange CadenceSpm { get; } = new("cadenceSpm", "steps/min", 0, 400);

    /// <summary>54 km/h: faster than any runner.</summary>
    public static PlausibleRange SpeedMps { get; } = new("speedMps", "m/s", 0, 15);

    public static PlausibleRange StrideLengthM { get; } = new("strideLengthM", "m", 0, 5);

    /// <summary>10,000 km: a footpod's running total, never reset in a session.</summary>
    public static PlausibleRange DistanceM { get; } = new("distanceM", "m", 0, 10_000_000);

    public static PlausibleRange PowerW { get; } = new("powerW", "W", 0, 3000);

    public static PlausibleRange GroundContactMs { get; } = new("groundContactMs", "ms", 0, 2000);

    public static PlausibleRange VerticalOscillationCm { get; } = new("verticalOscillationCm", "cm", 0, 50);

    public static PlausibleRange GctBalanceLeftPct { get; } = new("gctBalanceLeftPct", "%", 0, 100);

    public static PlausibleRange BatteryPct { get; } = new("batteryPct", "%", 0, 100);
}
