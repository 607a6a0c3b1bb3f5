using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// Per-session alert thresholds (the hub's <c>alertSettings</c>). Every property is optional in JSON: a missing one
/// keeps its documented default. docs/alerts.md gives the reasoning behind each default.
/// </summary>
/// <remarks>
/// Percentages are percent of the runner's own baseline unless said otherwise; durations are seconds of sample time.
/// Out-of-range values are not trusted: the engine reads them through <see cref="Normalized"/>.
/// </remarks>
public sealed record AlertSettings
{
    // ---- Baselines and windows ----

    /// <summary>Warm-up before a baseline counts, seconds of running (default 180).</summary>
    [JsonPropertyName("warmupSeconds")] public double WarmupSeconds { get; init; } = 180;

    /// <summary>Or warm-up by distance, metres (default 400); whichever comes first.</summary>
    [JsonPropertyName("warmupDistanceM")] public double WarmupDistanceM { get; init; } = 400;

    /// <summary>Slower than this (m/s) does not count as running for the warm-up clock (default 1.5, a brisk walk).</summary>
    [JsonPropertyName("runningMinSpeedMps")] public double RunningMinSpeedMps { get; init; } = 1.5;

    /// <summary>The robust "current" value is the median over this many seconds (default 20): one spike moves nothing.</summary>
    [JsonPropertyName("windowSeconds")] public double WindowSeconds { get; init; } = 20;

    /// <summary>Time constant of the slow baseline update after warm-up, seconds (default 1800).</summary>
    [JsonPropertyName("baselineTimeConstantSeconds")] public double BaselineTimeConstantSeconds { get; init; } = 1800;

    /// <summary>Time constant of the baseline during warm-up, seconds (default 20): follows the settling runner.</summary>
    [JsonPropertyName("warmupTimeConstantSeconds")] public double WarmupTimeConstantSeconds { get; init; } = 20;

    /// <summary>
    /// A baseline stops adapting while its metric is this fraction of the nearest threshold away (default 0.5) or an
    /// alert on it is open: a slow drift cannot drag the baseline along and hide itself.
    /// </summary>
    [JsonPropertyName("baselineFreezeFraction")] public double BaselineFreezeFraction { get; init; } = 0.5;

    // ---- Shared rule timing ----

    /// <summary>An open alert clears once the deviation is below (1 - this) x threshold (default 0.4 = 40 % hysteresis).</summary>
    [JsonPropertyName("hysteresisFraction")] public double HysteresisFraction { get; init; } = 0.4;

    /// <summary>The runner must stay recovered this long before the alert clears, seconds (default 10).</summary>
    [JsonPropertyName("clearSeconds")] public double ClearSeconds { get; init; } = 10;

    /// <summary>After a clear, the same kind is not raised again for this long, seconds (default 60).</summary>
    [JsonPropertyName("cooldownSeconds")] public double CooldownSeconds { get; init; } = 60;

    // ---- cadenceDrop: read by Rules/CadenceDropRule ----

    /// <summary>Cadence drop, percent below baseline (default 5).</summary>
    [JsonPropertyName("cadenceDropPct")] public double CadenceDropPct { get; init; } = 5;

    /// <summary>Minimum duration of a cadence drop, seconds (default 15).</summary>
    [JsonPropertyName("cadenceDropSeconds")] public double CadenceDropSeconds { get; init; } = 15;

    // ---- strideChange / overstride: read by Rules/StrideChangeRule, OverstrideRule ----

    /// <summary>Stride length change either way, percent of baseline (default 8).</summary>
    [JsonPropertyName("strideChangePct")] public double StrideChangePct { get; init; } = 8;

    /// <summary>Minimum duration of a stride change, seconds (default 15).</summary>
    [JsonPropertyName("strideChangeSeconds")] public double StrideChangeSeconds { get; init; } = 15;

    /// <summary>Overstride: stride up at least this percent (default 5) ...</summary>
    [JsonPropertyName("overstrideStridePct")] public double OverstrideStridePct { get; init; } = 5;

    /// <summary>... while cadence is down at least this percent (default 3).</summary>
    [JsonPropertyName("overstrideCadencePct")] public double OverstrideCadencePct { get; init; } = 3;

    /// <summary>Minimum duration of an overstride, seconds (default 15).</summary>
    [JsonPropertyName("overstrideSeconds")] public double OverstrideSeconds { get; init; } = 15;

    // ---- heavyFootfall: read by Rules/HeavyFootfallRule ----

    /// <summary>Vertical oscillation up, percent of baseline (default 10).</summary>
    [JsonPropertyName("heavyFootfallOscillationPct")] public double HeavyFootfallOscillationPct { get; init; } = 10;

    /// <summary>Or ground contact time up, percent of baseline (default 8).</summary>
    [JsonPropertyName("heavyFootfallContactPct")] public double HeavyFootfallContactPct { get; init; } = 8;

    /// <summary>Minimum duration of a heavy footfall, seconds (default 15).</summary>
    [JsonPropertyName("heavyFootfallSeconds")] public double HeavyFootfallSeconds { get; init; } = 15;

    // ---- imbalance: read by Rules/ImbalanceRule ----

    /// <summary>Imbalance when either foot's share of ground contact exceeds this percent (default 52, i.e. 52/48).</summary>
    [JsonPropertyName("imbalanceMaxSharePct")] public double ImbalanceMaxSharePct { get; init; } = 52;

    /// <summary>Minimum duration of an imbalance, seconds (default 20).</summary>
    [JsonPropertyName("imbalanceSeconds")] public double ImbalanceSeconds { get; init; } = 20;

    // ---- hrDrift / hrCeiling: read by Rules/HrDriftRule, HrCeilingRule ----

    /// <summary>Heart rate up, percent of baseline, at an unchanged pace (default 8).</summary>
    [JsonPropertyName("hrDriftPct")] public double HrDriftPct { get; init; } = 8;

    /// <summary>"Unchanged pace": speed within this percent of its baseline (default 3).</summary>
    [JsonPropertyName("hrDriftPaceBandPct")] public double HrDriftPaceBandPct { get; init; } = 3;

    /// <summary>Minimum duration of a heart-rate drift, seconds (default 15).</summary>
    [JsonPropertyName("hrDriftSeconds")] public double HrDriftSeconds { get; init; } = 15;

    /// <summary>Heart-rate ceiling in bpm; null = off.</summary>
    [JsonPropertyName("hrCeilingBpm")] public int? HrCeilingBpm { get; init; }

    /// <summary>Minimum time above the ceiling, seconds (default 10).</summary>
    [JsonPropertyName("hrCeilingSeconds")] public double HrCeilingSeconds { get; init; } = 10;

    /// <summary>The ceiling alert clears this many bpm below the ceiling (default 3).</summary>
    [JsonPropertyName("hrCeilingHysteresisBpm")] public double HrCeilingHysteresisBpm { get; init; } = 3;

    // ---- paceDrop: read by Rules/PaceDropRule ----

    /// <summary>Target pace (seconds per km) for <c>paceDrop</c>; null = off. Usually copied from the session.</summary>
    [JsonPropertyName("targetPaceSecPerKm")] public double? TargetPaceSecPerKm { get; init; }

    /// <summary>Pace drop when slower than the target by this percent (default 5, e.g. 4:00/km -> 4:12/km).</summary>
    [JsonPropertyName("paceDropPct")] public double PaceDropPct { get; init; } = 5;

    /// <summary>Minimum duration of a pace drop, seconds (default 15).</summary>
    [JsonPropertyName("paceDropSeconds")] public double PaceDropSeconds { get; init; } = 15;

    // ---- repFade: read by Rules/RepFadeRule ----

    /// <summary>A rep this percent slower than the mean of the runner's first two reps has faded (default 4).</summary>
    [JsonPropertyName("repFadePacePct")] public double RepFadePacePct { get; init; } = 4;

    /// <summary>Or with ground contact this percent longer than theirs (default 5).</summary>
    [JsonPropertyName("repFadeContactPct")] public double RepFadeContactPct { get; init; } = 5;

    // ---- coach-only kinds: read by Rules/SensorLostRule, LowBatteryRule, ContactLostRule ----

    /// <summary>No sample from a runner for this long raises <c>sensorLost</c>, seconds (default 5).</summary>
    [JsonPropertyName("sensorLostSeconds")] public double SensorLostSeconds { get; init; } = 5;

    /// <summary>Battery at or below this percent raises <c>lowBattery</c> (default 15).</summary>
    [JsonPropertyName("lowBatteryPct")] public int LowBatteryPct { get; init; } = 15;

    /// <summary>Sensor reports no skin contact for this long raises <c>contactLost</c>, seconds (default 5).</summary>
    [JsonPropertyName("contactLostSeconds")] public double ContactLostSeconds { get; init; } = 5;

    public static AlertSettings Default { get; } = new();

    /// <summary>
    /// The settings with every value forced into a sane range (NaN, negative or absurd values fall back to the
    /// default): settings come from a client and are not trusted.
    /// </summary>
    public AlertSettings Normalized()
    {
        var d = Default;
        return this with
        {
            WarmupSeconds = Clamp(WarmupSeconds, 0, 3600, d.WarmupSeconds),
            WarmupDistanceM = Clamp(WarmupDistanceM, 0, 20_000, d.WarmupDistanceM),
            RunningMinSpeedMps = Clamp(RunningMinSpeedMps, 0, 10, d.RunningMinSpeedMps),
            WindowSeconds = Clamp(WindowSeconds, 1, 120, d.WindowSeconds),
            BaselineTimeConstantSeconds = Clamp(BaselineTimeConstantSeconds, 1, 86_400, d.BaselineTimeConstantSeconds),
            WarmupTimeConstantSeconds = Clamp(WarmupTimeConstantSeconds, 1, 3600, d.WarmupTimeConstantSeconds),
            BaselineFreezeFraction = Clamp(BaselineFreezeFraction, 0, 1, d.BaselineFreezeFraction),
            HysteresisFraction = Clamp(HysteresisFraction, 0, 0.95, d.HysteresisFraction),
            ClearSeconds = Clamp(ClearSeconds, 0, 600, d.ClearSeconds),
            CooldownSeconds = Clamp(CooldownSeconds, 0, 3600, d.CooldownSeconds),
            CadenceDropPct = Clamp(CadenceDropPct, 0.1, 90, d.CadenceDropPct),
            CadenceDropSeconds = Clamp(CadenceDropSeconds, 0, 600, d.CadenceDropSeconds),
            StrideChangePct = Clamp(StrideChangePct, 0.1, 90, d.StrideChangePct),
            StrideChangeSeconds = Clamp(StrideChangeSeconds, 0, 600, d.StrideChangeSeconds),
            OverstrideStridePct = Clamp(OverstrideStridePct, 0.1, 90, d.OverstrideStridePct),
            OverstrideCadencePct = Clamp(OverstrideCadencePct, 0.1, 90, d.OverstrideCadencePct),
            OverstrideSeconds = Clamp(OverstrideSeconds, 0, 600, d.OverstrideSeconds),
            HeavyFootfallOscillationPct = Clamp(HeavyFootfallOscillationPct, 0.1, 200, d.HeavyFootfallOscillationPct),
            HeavyFootfallContactPct = Clamp(HeavyFootfallContactPct, 0.1, 200, d.HeavyFootfallContactPct),
            HeavyFootfallSeconds = Clamp(HeavyFootfallSeconds, 0, 600, d.HeavyFootfallSeconds),
            ImbalanceMaxSharePct = Clamp(ImbalanceMaxSharePct, 50.1, 99, d.ImbalanceMaxSharePct),
            ImbalanceSeconds = Clamp(ImbalanceSeconds, 0, 600, d.ImbalanceSeconds),
            HrDriftPct = Clamp(HrDriftPct, 0.1, 90, d.HrDriftPct),
            HrDriftPaceBandPct = Clamp(HrDriftPaceBandPct, 0.1, 50, d.HrDriftPaceBandPct),
            HrDriftSeconds = Clamp(HrDriftSeconds, 0, 600, d.HrDriftSeconds),
            HrCeilingBpm = HrCeilingBpm is >= 40 and <= 260 ? HrCeilingBpm : null,
            HrCeilingSeconds = Clamp(HrCeilingSeconds, 0, 600, d.HrCeilingSeconds),
            HrCeilingHysteresisBpm = Clamp(HrCeilingHysteresisBpm, 0, 40, d.HrCeilingHysteresisBpm),
            TargetPaceSecPerKm = TargetPaceSecPerKm is { } p && double.IsFinite(p) && p is >= 100 and <= 1200 ? p : null,
            PaceDropPct = Clamp(PaceDropPct, 0.1, 90, d.PaceDropPct),
            PaceDropSeconds = Clamp(PaceDropSeconds, 0, 600, d.PaceDropSeconds),
            RepFadePacePct = Clamp(RepFadePacePct, 0.5, 50, d.RepFadePacePct),
            RepFadeContactPct = Clamp(RepFadeContactPct, 0.5, 50, d.RepFadeContactPct),
            SensorLostSeconds = Clamp(SensorLostSeconds, 1, 600, d.SensorLostSeconds),
            LowBatteryPct = LowBatteryPct is >= 0 and <= 100 ? LowBatteryPct : d.LowBatteryPct,
            ContactLostSeconds = Clamp(ContactLostSeconds, 0, 600, d.ContactLostSeconds),
        };
    }

    private static double Clamp(double value, double min, double max, double fallback) =>
        double.IsFinite(value) && value >= min && value <= max ? value : fallback;
}
