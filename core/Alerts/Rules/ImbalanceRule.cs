using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>imbalance</c>: either foot's share of ground contact above <c>imbalanceMaxSharePct</c> for <c>imbalanceSeconds</c>.
/// Absolute (50 is the baseline), so it needs no warm-up; still only judged while running.
/// </summary>
public sealed class ImbalanceRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.Imbalance;

    public override string Name => "imbalance";

    public override string Label => "imbal";

    public override string ChartColor => "#800080";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Squeeze the {side} glute as you push off",
        "Push the {side} foot into the ground",
        "Drive the {side} knee forward from the hip",
    ];

    internal override double MinDurationSeconds => Settings.ImbalanceSeconds;

    /// <summary>Percentage points off an even 50/50 split.</summary>
    private double Limit => Settings.ImbalanceMaxSharePct - 50;

    public override bool HasReached(in FormReading before, in FormReading now) => Math.Abs(now.GctBalanceLeftPct - 50) > Limit;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var running = runner.IsRunning;
        var limit = Limit;
        var hasCurrent = runner.HasCurrent(Metric.Balance);
        return new(
            running && hasCurrent && Math.Abs(runner.Current(Metric.Balance) - 50) >= limit,
            running && runner.HasLatest(Metric.Balance) && Math.Abs(runner.Latest(Metric.Balance) - 50) >= limit,
            !running || (hasCurrent && Math.Abs(runner.Current(Metric.Balance) - 50) < limit * Keep));
    }

    /// <summary>
    /// The side with the smaller share works less: it leaves the ground sooner because it is not loaded as long (the usual
    /// pattern when a runner favours a leg or one glute stops firing). The cue names that side.
    /// </summary>
    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var left = runner.Current(Metric.Balance);
        var side = left < 50 ? "left" : "right";
        var c = Round(left, 1);
        return new(50, c, SeverityOf(Math.Abs(left - 50) / Limit),
            F($"Imbalance: ground contact {c:0.0}/{100 - c:0.0} % left/right for {forMs / 1000.0:0} s; the {side} side works less"), side);
    }
}
