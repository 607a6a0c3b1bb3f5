using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class ImbalanceRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(52.1, true)]
    [InlineData(47.9, true)]
    [InlineData(52, false)]
    public void HasReached_ShareBeyondTheLimit_True(double leftPct, bool reached)
    {
        var sut = CreateSut();

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { GctBalanceLeftPct = leftPct }));
    }

    [Theory]
    [InlineData(53.5, "right")]
    [InlineData(46.0, "left")]
    public void Feed_Imbalance_NamesTheSideWithLessGroundContact(double leftPct, string weaker)
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.BalanceLeft = leftPct);

        var alert = Assert.Single(events.Raised(AlertKind.Imbalance));
        Assert.Equal(weaker, alert.Side);
        Assert.Contains(weaker, alert.SuggestedCue, StringComparison.Ordinal);
        Assert.EndsWith(":" + weaker, alert.SuggestedCueId, StringComparison.Ordinal);
        Assert.Equal(50, alert.Baseline);
        Assert.Equal(leftPct, alert.Current);
        Assert.Contains($"the {weaker} side works less", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_DuringWarmup_RaisesWithoutABaseline()
    {
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var script = new RunScript { BalanceLeft = 55 };

        var events = sut.FeedFrom(script.Run(60));

        Assert.Single(events.Raised(AlertKind.Imbalance));
        Assert.False(sut.IsWarmedUp(AlertEngineTestExtensions.RunnerId));
    }

    private static ImbalanceRule CreateSut() => new(AlertSettings.Default);
}
