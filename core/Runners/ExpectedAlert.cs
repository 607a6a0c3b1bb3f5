using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// Ground truth for the alert-quality harness: scenario event <see cref="EventIndex"/> should raise <see cref="Kind"/>
/// from <see cref="StartsAt"/> (the event's true start, run time) until <see cref="EndsAt"/> (null = end of run).
/// </summary>
public sealed record ExpectedAlert(AlertKind Kind, TimeSpan StartsAt, TimeSpan? EndsAt, int EventIndex, string Reason);

/// <summary>
/// The thresholds used to decide which alerts a scenario event should cause. Defaults mirror the alert engine's
/// documented defaults; pass the engine's actual settings when they differ.
/// </summary>
public sealed record ExpectedAlertThresholds
{
    public double CadenceDropPct { get; init; } = 5;

    public double StrideChangePct { get; init; } = 8;

    /// <summary>Overstride: stride up by at least this much while cadence is down by <see cref="OverstrideCadenceDownPct"/>.</summary>
    public double OverstrideStrideUpPct { get; init; } = 5;

    public double OverstrideCadenceDownPct { get; init; } = 3;

    public double VerticalOscillationUpPct { get; init; } = 10;

    public double GroundContactUpPct { get; init; } = 8;

    /// <summary>Imbalance when the left share leaves 50 ± this many points (52/48).</summary>
    public double BalanceBandPct { get; init; } = 2;

    public double HrDriftPct { get; init; } = 8;

    /// <summary>hrDrift only counts at a pace within this band of the pace before the event.</summary>
    public double HrDriftPaceBandPct { get; init; } = 3;

    public double? HrCeilingBpm { get; init; }

    public TimeSpan SensorLostAfter { get; init; } = TimeSpan.FromSeconds(5);

    public double LowBatteryPct { get; init; } = 15;

    public static ExpectedAlertThresholds Default { get; } = new();
}
