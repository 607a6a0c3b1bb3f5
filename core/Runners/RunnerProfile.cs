namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// A runner's physiology at their steady "base" pace. Defaults describe a trained recreational runner at about
/// 4:38 min/km; a scenario's <c>"runner"</c> block overrides any of them.
/// </summary>
public sealed record RunnerProfile
{
    public double MassKg { get; init; } = 65;

    /// <summary>Steady pace as speed (3.6 m/s = 4:38 min/km).</summary>
    public double SpeedMps { get; init; } = 3.6;

    /// <summary>Steps per minute (both feet) at <see cref="SpeedMps"/>.</summary>
    public double CadenceSpm { get; init; } = 172;

    public double RestingHeartRateBpm { get; init; } = 55;

    /// <summary>Heart rate the runner settles at when running at <see cref="SpeedMps"/>, before cardiac drift.</summary>
    public double HeartRateAtBaseBpm { get; init; } = 152;

    public double MaxHeartRateBpm { get; init; } = 192;

    /// <summary>Heart rate when the run starts (the runner has just walked to the start line).</summary>
    public double StartHeartRateBpm { get; init; } = 95;

    /// <summary>
    /// Slow upward creep of heart rate at constant pace, bpm per minute after the first 10 minutes. Kept small so a steady
    /// hour stays inside the alert engine's 8 % drift threshold (about +3 bpm per hour).
    /// </summary>
    public double CardiacDriftBpmPerMinute { get; init; } = 0.05;

    public double VerticalOscillationCm { get; init; } = 8.4;

    public double GroundContactMs { get; init; } = 245;

    /// <summary>Left foot's share of ground contact time, percent (50 = even).</summary>
    public double GctBalanceLeftPct { get; init; } = 50.0;

    /// <summary>Running power per kg per m/s on the flat (Stryd-like pods read about 1.04).</summary>
    public double PowerWattsPerKgPerMps { get; init; } = 1.04;

    public double HeartStrapBatteryPct { get; init; } = 88;

    public double FootpodBatteryPct { get; init; } = 76;

    public double PowerPodBatteryPct { get; init; } = 64;

    /// <summary>Battery drain of every sensor, percent per hour.</summary>
    public double BatteryDrainPctPerHour { get; init; } = 1.5;

    public static RunnerProfile Default { get; } = new();

    /// <summary>
    /// A plausible different runner around this one (pace ±5 %, cadence ±4 %, mass ±10 %, heart rate ±5 %,
    /// balance within 49.4–50.6): a group of simulated runners should not move in lockstep. Same seed → same runner.
    /// </summary>
    public RunnerProfile Vary(int seed)
    {
        var random = new DeterministicRandom(DeterministicRandom.Mix(seed, 0x5EED_0F11E));
        double Spread(double value, double fraction) => value * (1 + (fraction * ((2 * random.NextDouble()) - 1)));

        return this with
        {
            SpeedMps = Spread(SpeedMps, 0.05),
            CadenceSpm = Spread(CadenceSpm, 0.04),
            MassKg = Spread(MassKg, 0.10),
            HeartRateAtBaseBpm = Spread(HeartRateAtBaseBpm, 0.05),
            VerticalOscillationCm = Spread(VerticalOscillationCm, 0.08),
            GroundContactMs = Spread(GroundContactMs, 0.06),
            GctBalanceLeftPct = GctBalanceLeftPct + (0.6 * ((2 * random.NextDouble()) - 1)),
            HeartStrapBatteryPct = Math.Clamp(Spread(HeartStrapBatteryPct, 0.1), 20, 100),
            FootpodBatteryPct = Math.Clamp(Spread(FootpodBatteryPct, 0.1), 20, 100),
            PowerPodBatteryPct = Math.Clamp(Spread(PowerPodBatteryPct, 0.1), 20, 100),
        };
    }
}
