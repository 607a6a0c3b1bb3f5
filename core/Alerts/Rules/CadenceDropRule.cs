using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary><c>cadenceDrop</c>: cadence <c>cadenceDropPct</c> below the runner's baseline for <c>cadenceDropSeconds</c>.</summary>
public sealed class CadenceDropRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.CadenceDrop;

    public override string Name => "cadenceDrop";

    public override string Label => "cad↓";

    public override string ChartColor => "#FFA500";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Lift the knee with your hip flexors, quicker",
        "Pull the heel up fast with your hamstrings",
        "Swing your arms from the shoulders, quicker steps",
    ];

    internal override double MinDurationSeconds => Settings.CadenceDropSeconds;

    private double Pct => Settings.CadenceDropPct;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Change(before.CadenceSpm, now.CadenceSpm) <= -Pct;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        var hasCurrent = runner.HasCurrentChange(Metric.Cadence);
        return new(
            judged && hasCurrent && -runner.CurrentChange(Metric.Cadence) >= Pct,
            judged && runner.HasLatestChange(Metric.Cadence) && -runner.LatestChange(Metric.Cadence) >= Pct,
            !runner.IsRunning || (judged && hasCurrent && -runner.CurrentChange(Metric.Cadence) < Pct * Keep));
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var (b, c) = Rounded(runner, Metric.Cadence);
        var severity = SeverityOf(-runner.CurrentChange(Metric.Cadence) / Pct);
        return new(b, c, severity, F($"Cadence {c:0} spm, {PercentOff(b, c):0.0} % below baseline {b:0} for {forMs / 1000.0:0} s"));
    }

    internal override void HoldBaselines(BaselineHolds holds, int rule) =>
        holds.Hold(rule, Metric.Cadence, Pct * Settings.BaselineFreezeFraction);
}
