using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>lowBattery</c>: a sensor's battery at or below <c>lowBatteryPct</c>, at once; clears 5 points above it (a swapped
/// sensor). Info, critical at 5 % or less. Coach only.
/// </summary>
public sealed class LowBatteryRule(AlertSettings settings) : AlertRule(settings)
{
    private const int CriticalPct = 5;
    private const int ClearAbovePct = 5;

    public override AlertKind Kind => AlertKind.LowBattery;

    public override string Name => "lowBattery";

    public override string Label => "batt";

    public override string ChartColor => "#808080";

    public override bool IsSpoken => false;

    internal override double MinDurationSeconds => 0;

    internal override long ClearMs => 0;

    internal override RuleVerdict Judge(RunnerTracker runner)
    {
        var breached = runner.Battery is { } b && b <= Settings.LowBatteryPct;
        return new(breached, breached, runner.Battery is { } r && r >= Settings.LowBatteryPct + ClearAbovePct);
    }

    internal override AlertDraft Describe(RunnerTracker runner, long forMs)
    {
        double? battery = runner.Battery;
        return new(null, battery, runner.Battery <= CriticalPct ? AlertSeverity.Critical : AlertSeverity.Info,
            F($"Sensor battery at {battery ?? double.NaN:0} % (limit {Settings.LowBatteryPct} %)"));
    }
}
