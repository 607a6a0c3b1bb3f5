using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class CadenceDropRuleTests
{
    private static readonly FormReading Steady = new(180, 1.33, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(171.1, false)]
    [InlineData(170.9, true)]
    [InlineData(200, false)]
    public void HasReached_CadenceAtLeastDropPctBelow_True(double cadence, bool reached)
    {
        var sut = CreateSut(dropPct: 5);

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { CadenceSpm = cadence }));
    }

    [Fact]
    public void Feed_CadenceDrop_CarriesBaselineCurrentSeverityAndCue()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Cadence = 168);

        var alert = Assert.Single(events.Raised(AlertKind.CadenceDrop));
        Assert.Equal(180, alert.Baseline);
        Assert.Equal(168, alert.Current);
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        Assert.StartsWith("Cadence 168 spm, 6.7 % below baseline 180", alert.Message, StringComparison.Ordinal);
        Assert.NotNull(alert.SuggestedCue);
        Assert.StartsWith("cadenceDrop.", alert.SuggestedCueId, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_DropTwiceTheThreshold_IsCritical()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Cadence = 160);

        var alert = Assert.Single(events.Raised(AlertKind.CadenceDrop));
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
    }

    [Fact]
    public void Feed_SlowCadenceDrift_IsNotHiddenByTheAdaptingBaseline()
    {
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var script = new RunScript().WarmUp();

        // 0.5 spm a minute: 10 % over 36 minutes, far slower than any short window sees.
        for (var minute = 1; minute <= 36; minute++)
        {
            script.Cadence = 180 - (0.5 * minute);
            script.Run(60);
        }

        var events = sut.FeedFrom(script);

        Assert.Single(events.Raised(AlertKind.CadenceDrop));
    }

    [Fact]
    public void Metadata_NamesLabelAndCues()
    {
        var sut = CreateSut(dropPct: 5);

        Assert.Equal(AlertKind.CadenceDrop, sut.Kind);
        Assert.Equal("cadenceDrop", sut.Name);
        Assert.Equal("cad↓", sut.Label);
        Assert.True(sut.IsSpoken);
        Assert.Equal(3, sut.Cues.Count);
    }

    private static CadenceDropRule CreateSut(double dropPct) => new(new AlertSettings { CadenceDropPct = dropPct });
}
