using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class HrCeilingRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(171, true)]
    [InlineData(170, false)]
    public void HasReached_AboveTheCeiling_True(double heartRate, bool reached)
    {
        var sut = CreateSut(ceiling: 170);

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { HeartRateBpm = heartRate }));
    }

    [Fact]
    public void HasReached_NoCeiling_False() =>
        Assert.False(CreateSut(ceiling: null).HasReached(Steady, Steady with { HeartRateBpm = 250 }));

    [Fact]
    public void Feed_AboveTheCeiling_RaisesCritical()
    {
        var events = RuleTestRun.AfterWarmup(new AlertSettings { HrCeilingBpm = 170 }, s =>
        {
            s.Hr = 175;
            s.Speed = 4.5;
        });

        var alert = Assert.Single(events.Raised(AlertKind.HrCeiling));
        Assert.Equal(AlertSeverity.Critical, alert.Severity);
        Assert.Equal(170, alert.Baseline);
        Assert.Equal(175, alert.Current);
        Assert.StartsWith("Heart rate 175 bpm above the ceiling 170 bpm", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_StoppedAboveTheCeiling_StillRaises()
    {
        var events = RuleTestRun.AfterWarmup(new AlertSettings { HrCeilingBpm = 170 }, s =>
        {
            s.Hr = 175;
            s.Speed = 0;
        });

        Assert.Single(events.Raised(AlertKind.HrCeiling));
    }

    [Fact]
    public void Feed_NoCeilingSet_NeverRaises()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Hr = 240);

        Assert.Empty(events.Raised(AlertKind.HrCeiling));
    }

    private static HrCeilingRule CreateSut(int? ceiling) => new(new AlertSettings { HrCeilingBpm = ceiling });
}
