using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>heavyFootfall</c>: vertical oscillation up <c>heavyFootfallOscillationPct</c> or ground contact up
/// <c>heavyFootfallContactPct</c>, for <c>heavyFootfallSeconds</c>: either sign alone is a louder, longer landing.
/// </summary>
public sealed class HeavyFootfallRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.HeavyFootfall;

    public override string Name => "heavyFootfall";

    public override string Label => "heavy";

    public override string ChartColor => "#A52A2A";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Drive the ground away from you, glutes",
        "Brace your deep core like a corset",
        "Land quietly, springy calves under your hips",
        "Lift through your core, light feet",
    ];

    internal override double MinDurationSeconds => Settings.HeavyFootfallSeconds;

    private double OscillationPct => Settings.HeavyFootfallOscillationPct;

    private double ContactPct => Settings.HeavyFootfallContactPct;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Change(before.VerticalOscillationCm, now.VerticalOscillationCm) >= OscillationPct
        || Change(before.GroundContactMs, now.GroundContactMs) >= ContactPct;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        var either = runner.HasCurrentChange(Metric.Oscillation) || runner.HasCurrentChange(Metric.GroundContact);
        return new(
            judged && Heavy(runner, latest: false, 1),
            judged && Heavy(runner, latest: true, 1),
            !runner.IsRunning || (judged && either && !Heavy(runner, latest: false, Keep)));
    }

    /// <summary>Reports the metric further past its threshold; the message names both.</summary>
    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var vo = runner.HasCurrentChange(Metric.Oscillation);
        var gct = runner.HasCurrentChange(Metric.GroundContact);
        var voRatio = vo ? runner.CurrentChange(Metric.Oscillation) / OscillationPct : 0;
        var gctRatio = gct ? runner.CurrentChange(Metric.GroundContact) / ContactPct : 0;
        var metric = vo && (!gct || voRatio >= gctRatio) ? Metric.Oscillation : Metric.GroundContact;
        var (b, c) = Rounded(runner, metric);

        var parts = new List<string>(2);
        if (vo)
        {
            parts.Add(F($"vertical oscillation {runner.Current(Metric.Oscillation):0.0} cm ({runner.CurrentChange(Metric.Oscillation):+0.0;-0.0} %)"));
        }

        if (gct)
        {
            parts.Add(F($"ground contact {runner.Current(Metric.GroundContact):0} ms ({runner.CurrentChange(Metric.GroundContact):+0.0;-0.0} %)"));
        }

        return new(b, c, SeverityOf(Math.Max(voRatio, gctRatio)), F($"Heavy footfall: {string.Join(", ", parts)} for {forMs / 1000.0:0} s"));
    }

    internal override void HoldBaselines(BaselineHolds holds, int rule)
    {
        holds.Hold(rule, Metric.GroundContact, ContactPct * Settings.BaselineFreezeFraction);
        holds.Hold(rule, Metric.Oscillation, OscillationPct * Settings.BaselineFreezeFraction);
    }

    private bool Heavy(RunnerTracker runner, bool latest, double scale) =>
        (runner.HasChange(Metric.Oscillation, latest) && runner.ChangeOf(Metric.Oscillation, latest) >= OscillationPct * scale)
        || (runner.HasChange(Metric.GroundContact, latest) && runner.ChangeOf(Metric.GroundContact, latest) >= ContactPct * scale);
}
