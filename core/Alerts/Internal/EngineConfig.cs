namespace MindMuscle.Live.Core.Alerts.Internal;

/// <summary>The session's settings, normalized and turned into the units the hot path uses (ms, fractions).</summary>
internal sealed class EngineConfig
{
    public EngineConfig(string sessionId, AlertSettings settings)
    {
        SessionId = sessionId;
        Settings = settings.Normalized();
        var s = Settings;
        WarmupMs = Ms(s.WarmupSeconds);
        WindowMs = Ms(s.WindowSeconds);
        ClearMs = Ms(s.ClearSeconds);
        CooldownMs = Ms(s.CooldownSeconds);
        SensorLostMs = Ms(s.SensorLostSeconds);
        Keep = 1 - s.HysteresisFraction;
        var f = s.BaselineFreezeFraction;
        FreezePct[Metric.Cadence] = Math.Min(s.CadenceDropPct, s.OverstrideCadencePct) * f;
        FreezePct[Metric.Stride] = Math.Min(s.StrideChangePct, s.OverstrideStridePct) * f;
        FreezePct[Metric.Speed] = s.HrDriftPaceBandPct;
        FreezePct[Metric.HeartRate] = s.HrDriftPct * f;
        FreezePct[Metric.GroundContact] = s.HeavyFootfallContactPct * f;
        FreezePct[Metric.Oscillation] = s.HeavyFootfallOscillationPct * f;
        FreezePct[Metric.Balance] = double.PositiveInfinity;
        TargetSpeedMps = s.TargetPaceSecPerKm is { } pace ? 1000 / pace : null;
    }

    public string SessionId { get; }

    public AlertSettings Settings { get; }

    public long WarmupMs { get; }

    public long WindowMs { get; }

    public long ClearMs { get; }

    public long CooldownMs { get; }

    public long SensorLostMs { get; }

    /// <summary>Clear threshold = threshold x this (1 - hysteresis).</summary>
    public double Keep { get; }

    /// <summary>Per metric: the baseline stops adapting while the metric is this many percent off it.</summary>
    public double[] FreezePct { get; } = new double[Metric.Count];

    public double? TargetSpeedMps { get; }

    public static long Ms(double seconds) => (long)Math.Round(seconds * 1000);
}
