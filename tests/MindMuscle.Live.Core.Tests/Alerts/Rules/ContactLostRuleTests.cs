using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class ContactLostRuleTests
{
    [Fact]
    public void Feed_NoSkinContactFor5s_RaisesWarningWithoutCue()
    {
        var events = Play(noContactSeconds: 8);

        var alert = Assert.Single(events.Raised(AlertKind.ContactLost));
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.Null(alert.SuggestedCue);
        Assert.Equal("Sensor reports no skin contact for 5 s", alert.Message);
    }

    [Fact]
    public void Feed_ContactBack_ClearsAtTheFirstContact()
    {
        var events = Play(noContactSeconds: 8);

        var raised = Assert.Single(events.Raised(AlertKind.ContactLost));
        var cleared = Assert.Single(events.Cleared(AlertKind.ContactLost));
        Assert.Equal(raised.StartedAt + 3_000, cleared.ClearedAt);
    }

    [Fact]
    public void Feed_ContactLostShorterThan5s_RaisesNothing()
    {
        var events = Play(noContactSeconds: 4);

        Assert.Empty(events.Raised(AlertKind.ContactLost));
    }

    [Fact]
    public void Metadata_CoachOnly() => Assert.False(new ContactLostRule(AlertSettings.Default).IsSpoken);

    private static List<AlertEvent> Play(int noContactSeconds)
    {
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var script = new RunScript().Run(10);
        script.Contact = false;
        script.Run(noContactSeconds);
        script.Contact = true;
        return sut.FeedFrom(script.Run(5));
    }
}
