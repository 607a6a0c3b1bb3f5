using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary><c>strideChange</c>: stride length <c>strideChangePct</c> off the baseline either way for <c>strideChangeSeconds</c>.</summary>
public sealed class StrideChangeRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.StrideChange;

    public override string Name => "strideChange";

    public override string Label => "stride";

    public override string ChartColor => "#DAA520";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Push the ground back with your glutes",
        "Let your calves spring you forward, hips tall",
        "Push the foot into the ground, glutes on",
    ];

    internal override double MinDurationSeconds => Settings.StrideChangeSeconds;

    private double Pct => Settings.StrideChangePct;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Math.Abs(Change(before.StrideLengthM, now.StrideLengthM)) >= Pct;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        var hasCurrent = runner.HasCurrentChange(Metric.Stride);
        return new(
            judged && hasCurrent && Math.Abs(runner.CurrentChange(Metric.Stride)) >= Pct,
            judged && runner.HasLatestChange(Metric.Stride) && Math.Abs(runner.LatestChange(Metric.Stride)) >= Pct,
            !runner.IsRunning || (judged && hasCurrent && Math.Abs(runner.CurrentChange(Metric.Stride)) < Pct * Keep));
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var (b, c) = Rounded(runner, Metric.Stride);
        var severity = SeverityOf(Math.Abs(runner.CurrentChange(Metric.Stride)) / Pct);
        return new(b, c, severity,
            F($"Stride {c:0.00} m, {PercentOff(b, c):0.0} % {(c > b ? "longer" : "shorter")} than baseline {b:0.00} m for {forMs / 1000.0:0} s"));
    }

    internal override void HoldBaselines(BaselineHolds holds, int rule) =>
        holds.Hold(rule, Metric.Stride, Pct * Settings.BaselineFreezeFraction);
}
