namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>A runner's form values at one instant, noise-free: what <see cref="AlertRule.HasReached"/> judges.</summary>
public readonly record struct FormReading(
    double CadenceSpm,
    double StrideLengthM,
    double SpeedMps,
    double VerticalOscillationCm,
    double GroundContactMs,
    double GctBalanceLeftPct,
    double HeartRateBpm);
