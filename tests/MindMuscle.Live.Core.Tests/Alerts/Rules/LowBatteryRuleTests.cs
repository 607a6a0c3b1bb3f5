using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class LowBatteryRuleTests
{
    [Fact]
    public void Feed_LowBattery_RaisesInfoForCoachOnlyWithoutCue()
    {
        var events = Play(15, then: 15);

        var alert = Assert.Single(events.Raised(AlertKind.LowBattery));
        Assert.Equal(AlertSeverity.Info, alert.Severity);
        Assert.Null(alert.SuggestedCue);
        Assert.Equal(15, alert.Current);
        Assert.Equal("Sensor battery at 15 % (limit 15 %)", alert.Message);
    }

    [Fact]
    public void Feed_BatteryAtFivePercent_IsCritical()
    {
        var events = Play(5, then: 5);

        Assert.Equal(AlertSeverity.Critical, Assert.Single(events.Raised(AlertKind.LowBattery)).Severity);
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    public void Feed_BatteryBackUp_ClearsFivePointsAboveTheLimit(int battery, bool clears)
    {
        var events = Play(15, then: battery);

        Assert.Equal(clears, events.Cleared(AlertKind.LowBattery).Any());
    }

    [Fact]
    public void Metadata_CoachOnly() => Assert.False(new LowBatteryRule(AlertSettings.Default).IsSpoken);

    private static List<AlertEvent> Play(int battery, int then)
    {
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var script = new RunScript().Run(10);
        script.Battery = battery;
        script.Run(5);
        script.Battery = then;
        return sut.FeedFrom(script.Run(5));
    }
}
