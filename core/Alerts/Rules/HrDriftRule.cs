using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>hrDrift</c>: heart rate <c>hrDriftPct</c> over its baseline while speed stays within <c>hrDriftPaceBandPct</c> of its
/// own, for <c>hrDriftSeconds</c> (cardiac drift: same pace, rising heart rate). Faster running is not drift.
/// </summary>
public sealed class HrDriftRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.HrDrift;

    public override string Name => "hrDrift";

    public override string Label => "hr-drift";

    public override string ChartColor => "#FF0000";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Relax your shoulders and breathe",
        "Soften your jaw and shoulders, breathe out long",
        "Breathe low into your diaphragm, shoulders loose",
    ];

    internal override double MinDurationSeconds => Settings.HrDriftSeconds;

    private double Pct => Settings.HrDriftPct;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Change(before.HeartRateBpm, now.HeartRateBpm) >= Pct;

    /// <summary>The raw check is on heart rate only: pace is judged on its median, one fast stride must not veto it.</summary>
    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        var paceInBand = PaceInBand(runner);
        var hasCurrent = runner.HasCurrentChange(Metric.HeartRate);
        return new(
            judged && paceInBand && hasCurrent && runner.CurrentChange(Metric.HeartRate) >= Pct,
            judged && paceInBand && runner.HasLatestChange(Metric.HeartRate) && runner.LatestChange(Metric.HeartRate) >= Pct,
            !runner.IsRunning || (judged && hasCurrent && runner.CurrentChange(Metric.HeartRate) < Pct * Keep));
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var (b, c) = Rounded(runner, Metric.HeartRate);
        return new(b, c, SeverityOf(runner.CurrentChange(Metric.HeartRate) / Pct),
            F($"Heart rate {c:0} bpm, {PercentOff(b, c):0.0} % above baseline {b:0} at an unchanged pace for {forMs / 1000.0:0} s"));
    }

    /// <summary>The pace band is the speed baseline's own hold, not a fraction of it: outside it the rule neither raises nor clears.</summary>
    internal override void HoldBaselines(BaselineHolds holds, int rule)
    {
        holds.Hold(rule, Metric.Speed, Settings.HrDriftPaceBandPct);
        holds.Hold(rule, Metric.HeartRate, Pct * Settings.BaselineFreezeFraction);
    }

    /// <summary>Heart rate is only a baseline at the baseline pace: elsewhere it measures a different effort.</summary>
    internal override bool HoldsBaseline(int metric, bool open, RunnerTracker runner) =>
        open || (metric == Metric.HeartRate && !PaceInBand(runner));

    private bool PaceInBand(RunnerTracker runner) =>
        runner.HasCurrentChange(Metric.Speed) && Math.Abs(runner.CurrentChange(Metric.Speed)) <= Settings.HrDriftPaceBandPct;
}
