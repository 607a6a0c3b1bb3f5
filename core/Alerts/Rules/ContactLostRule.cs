using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Alerts.Rules;

/// <summary>
/// <c>contactLost</c>: the strap reports no skin contact for <c>contactLostSeconds</c> (its heart rate is then a guess);
/// clears at the first contact. Coach only.
/// </summary>
public sealed class ContactLostRule(AlertSettings settings) : AlertRule(settings)
{
    public override AlertKind Kind => AlertKind.ContactLost;

    public override string Name => "contactLost";

    public override string Label => "contact";

    public override string ChartColor => "#808080";

    public override bool IsSpoken => false;

    internal override double MinDurationSeconds => Settings.ContactLostSeconds;

    internal override long ClearMs => 0;

    internal override RuleVerdict Judge(RunnerTracker runner) =>
        new(runner.Contact == false, runner.Contact == false, runner.Contact == true);

    internal override AlertDraft Describe(RunnerTracker runner, long forMs) =>
        new(null, null, AlertSeverity.Warning, F($"Sensor reports no skin contact for {forMs / 1000.0:0} s"));
}
