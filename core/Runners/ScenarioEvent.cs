using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// One scripted event of a scenario. From <see cref="At"/> its changes ramp in linearly over <see cref="Over"/>, hold
/// (for <see cref="For"/>, or to the end of the run when it is null), then ramp back out over <see cref="Over"/>.
/// </summary>
public sealed record ScenarioEvent
{
    /// <summary>True start time of the event (ground truth for the alert-quality harness).</summary>
    public required TimeSpan At { get; init; }

    public TimeSpan Over { get; init; }

    /// <summary>How long the change holds once fully ramped in; null = until the end of the run.</summary>
    public TimeSpan? For { get; init; }

    /// <summary>Free text from the file (<c>"label"</c>), or generated for expanded intervals.</summary>
    public string? Label { get; init; }

    /// <summary>Changes to metrics; relative ones multiply the value the runner would otherwise have at that moment.</summary>
    public IReadOnlyDictionary<ScenarioMetric, MetricChange> Changes { get; init; } = new Dictionary<ScenarioMetric, MetricChange>();

    /// <summary>The sensor that <see cref="Drop"/>, <see cref="BatteryPct"/> or <see cref="SensorContact"/> apply to.</summary>
    public RunnerSensor? Sensor { get; init; }

    /// <summary>The sensor goes silent (disconnects) for this long.</summary>
    public TimeSpan? Drop { get; init; }

    /// <summary>The sensor's battery jumps to this level at <see cref="At"/> and keeps draining from there.</summary>
    public double? BatteryPct { get; init; }

    /// <summary>The heart-rate strap reports skin contact lost (false) for <see cref="For"/>.</summary>
    public bool? SensorContact { get; init; }

    /// <summary>Alerts this event should cause, when the file says so (<c>"expect"</c>); null = derive from the changes.</summary>
    public IReadOnlyList<AlertKind>? Expect { get; init; }

    /// <summary>When the change has fully ramped in.</summary>
    public TimeSpan FullyAppliedAt => At + Over;

    /// <summary>When the change has ramped back out, or null when it lasts to the end of the run.</summary>
    public TimeSpan? EndsAt => For is { } hold ? At + Over + hold + Over : null;

    /// <summary>How much of the change applies at <paramref name="t"/>: 0 before, ramps to 1, holds, ramps back to 0.</summary>
    public double Weight(TimeSpan t)
    {
        if (t < At)
        {
            return 0;
        }

        var rampIn = Over <= TimeSpan.Zero ? 1.0 : Math.Min(1.0, (t - At) / Over);
        if (For is not { } hold)
        {
            return rampIn;
        }

        var holdEnd = At + Over + hold;
        if (t < holdEnd)
        {
            return rampIn;
        }

        return Over <= TimeSpan.Zero ? 0.0 : Math.Max(0.0, 1.0 - ((t - holdEnd) / Over));
    }
}

/// <summary>The metrics a scenario event can move.</summary>
public enum ScenarioMetric
{
    /// <summary>The pace the runner means to run (<c>"speed"</c>, <c>"pace"</c>, intervals); cadence follows a little, stride the rest.</summary>
    Speed = 0,

    /// <summary>Step rate at the same speed, so stride lengthens as cadence drops (the fatigue pattern).</summary>
    Cadence = 1,

    /// <summary>Stride length at the same cadence, so speed follows.</summary>
    Stride = 2,

    VerticalOscillation = 3,
    GroundContact = 4,

    /// <summary>Heart rate on top of what effort and drift give.</summary>
    HeartRate = 5,

    /// <summary>Left share of ground contact, percent; absolute values only.</summary>
    BalanceLeft = 6,
}

/// <summary>A change to one metric: relative (a fraction, -0.07 for "-7%") or absolute (in the metric's unit).</summary>
public readonly record struct MetricChange(double Value, bool IsRelative)
{
    public static MetricChange Relative(double fraction) => new(fraction, true);

    public static MetricChange Absolute(double value) => new(value, false);
}
