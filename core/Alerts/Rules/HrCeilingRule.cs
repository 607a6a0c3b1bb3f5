using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>hrCeiling</c>: median heart rate above <c>hrCeilingBpm</c> for <c>hrCeilingSeconds</c>, clearing
/// <c>hrCeilingHysteresisBpm</c> below. A coach's hard limit: absolute, judged during warm-up and while stopped; off when
/// no ceiling is set.
/// </summary>
public sealed class HrCeilingRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.HrCeiling;

    public override string Name => "hrCeiling";

    public override string Label => "hr-max";

    public override string ChartColor => "#8B0000";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Ease off, relax your shoulders and breathe",
        "Back off the pace, loosen your shoulders",
        "Slow down, breathe deep into your diaphragm",
    ];

    internal override bool IsActive => Settings.HrCeilingBpm is not null;

    internal override double MinDurationSeconds => Settings.HrCeilingSeconds;

    private double Ceiling => Settings.HrCeilingBpm ?? double.PositiveInfinity;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Settings.HrCeilingBpm is { } ceiling && now.HeartRateBpm > ceiling;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var ceiling = Ceiling;
        var hasCurrent = runner.HasCurrent(Metric.HeartRate);
        return new(
            hasCurrent && runner.Current(Metric.HeartRate) > ceiling,
            runner.HasLatest(Metric.HeartRate) && runner.Latest(Metric.HeartRate) > ceiling,
            hasCurrent && runner.Current(Metric.HeartRate) <= ceiling - Settings.HrCeilingHysteresisBpm);
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        double? b = Settings.HrCeilingBpm;
        var c = Round(runner.Current(Metric.HeartRate), 0);
        return new(b, c, AlertSeverity.Critical, F($"Heart rate {c:0} bpm above the ceiling {b ?? double.NaN:0} bpm for {forMs / 1000.0:0} s"));
    }
}
