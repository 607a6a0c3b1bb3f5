using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>overstride</c>: stride up <c>overstrideStridePct</c> while cadence is down <c>overstrideCadencePct</c>, for
/// <c>overstrideSeconds</c>: reaching forward instead of turning over, caught before either change alone would be.
/// </summary>
public sealed class OverstrideRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.Overstride;

    public override string Name => "overstride";

    public override string Label => "overstr";

    public override string ChartColor => "#D2691E";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Land quietly under your hips, hamstrings pull",
        "Paw the ground back with your hamstrings",
        "Soft quads, feet land under your hips",
    ];

    internal override double MinDurationSeconds => Settings.OverstrideSeconds;

    private double StridePct => Settings.OverstrideStridePct;

    private double CadencePct => Settings.OverstrideCadencePct;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Change(before.StrideLengthM, now.StrideLengthM) >= StridePct && Change(before.CadenceSpm, now.CadenceSpm) <= -CadencePct;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        return new(
            judged && Overstriding(runner, latest: false, 1),
            judged && Overstriding(runner, latest: true, 1),
            !runner.IsRunning || (judged && runner.HasCurrentChange(Metric.Stride) && runner.HasCurrentChange(Metric.Cadence)
                && !Overstriding(runner, latest: false, Keep)));
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var (b, c) = Rounded(runner, Metric.Stride);
        var ratio = Math.Min(runner.CurrentChange(Metric.Stride) / StridePct, -runner.CurrentChange(Metric.Cadence) / CadencePct);
        var cadence = runner.Current(Metric.Cadence);
        var cadenceChange = runner.CurrentChange(Metric.Cadence);
        return new(b, c, SeverityOf(ratio),
            F($"Overstride: stride {c:0.00} m ({PercentOff(b, c):+0.0} %) while cadence {cadence:0} spm ({cadenceChange:0.0} %) for {forMs / 1000.0:0} s"));
    }

    internal override void HoldBaselines(BaselineHolds holds, int rule)
    {
        holds.Hold(rule, Metric.Cadence, CadencePct * Settings.BaselineFreezeFraction);
        holds.Hold(rule, Metric.Stride, StridePct * Settings.BaselineFreezeFraction);
    }

    private bool Overstriding(RunnerTracker runner, bool latest, double scale) =>
        runner.HasChange(Metric.Stride, latest) && runner.HasChange(Metric.Cadence, latest)
        && runner.ChangeOf(Metric.Stride, latest) >= StridePct * scale
        && -runner.ChangeOf(Metric.Cadence, latest) >= CadencePct * scale;
}
