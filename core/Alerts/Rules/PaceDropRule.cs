using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>paceDrop</c>: slower than <c>targetPaceSecPerKm</c> by <c>paceDropPct</c> for <c>paceDropSeconds</c>; off without a
/// target. Not during warm-up (the runner starts from standing); a stop is not a pace drop (the coach sees the stop).
/// </summary>
public sealed class PaceDropRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.PaceDrop;

    public override string Name => "paceDrop";

    public override string Label => "pace↓";

    public override string ChartColor => "#FF4500";

    public override IReadOnlyList<string> Cues { get; } =
    [
        "Drive through your glutes, hold the pace",
        "Push off with your calves, lift the pace",
        "Pump your arms from the shoulders, push on",
    ];

    internal override bool IsActive => Settings.TargetPaceSecPerKm is not null;

    internal override double MinDurationSeconds => Settings.PaceDropSeconds;

    private double Pct => Settings.PaceDropPct;

    private double TargetSpeedMps => Settings.TargetPaceSecPerKm is { } pace ? 1000 / pace : double.NaN;

    public override bool HasReached(in FormReading before, in FormReading now) =>
        Settings.TargetPaceSecPerKm is { } p && now.SpeedMps > 0 && ((1000 / now.SpeedMps) / p - 1) * 100 >= Pct;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var judged = runner.IsJudged;
        var target = TargetSpeedMps;
        var ok = judged && runner.HasCurrent(Metric.Speed) && runner.Current(Metric.Speed) > 0;
        var slowerPct = ok ? (target / runner.Current(Metric.Speed) - 1) * 100 : 0;
        var rawOk = judged && runner.HasLatest(Metric.Speed) && runner.Latest(Metric.Speed) > 0;
        return new(
            ok && slowerPct >= Pct,
            rawOk && (target / runner.Latest(Metric.Speed) - 1) * 100 >= Pct,
            !runner.IsRunning || (ok && slowerPct < Pct * Keep));
    }

    /// <summary>Baseline and current are paces, s/km.</summary>
    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        var speed = runner.Current(Metric.Speed);
        var slowerPct = (TargetSpeedMps / speed - 1) * 100;
        var b = Settings.TargetPaceSecPerKm ?? double.NaN;
        var c = Round(1000 / speed, 1);
        return new(Settings.TargetPaceSecPerKm, c, SeverityOf(slowerPct / Pct),
            F($"Pace {Pace(c)}/km, {PercentOff(b, c):0.0} % slower than the target {Pace(b)}/km for {forMs / 1000.0:0} s"));
    }

    private static string Pace(double secPerKm) =>
        double.IsFinite(secPerKm) ? F($"{(int)(secPerKm / 60)}:{(int)(secPerKm % 60):00}") : "-";
}
