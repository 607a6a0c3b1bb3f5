using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class PaceDropRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(3.8, true)]
    [InlineData(3.85, false)]
    public void HasReached_SlowerThanTargetByDropPct_True(double speed, bool reached)
    {
        var sut = CreateSut(targetPace: 250);

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { SpeedMps = speed }));
    }

    [Fact]
    public void Feed_SlowerThanTarget_RaisesInPaces()
    {
        var events = RuleTestRun.AfterWarmup(new AlertSettings { TargetPaceSecPerKm = 250 }, s => s.Speed = 3.7);

        var alert = Assert.Single(events.Raised(AlertKind.PaceDrop));
        Assert.Equal(250, alert.Baseline);
        Assert.Equal(270.3, alert.Current);
        Assert.StartsWith("Pace 4:30/km, 8.1 % slower than the target 4:10/km", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_NoTarget_NeverRaises()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Speed = 3.0);

        Assert.Empty(events.Raised(AlertKind.PaceDrop));
    }

    [Fact]
    public void Feed_RunnerStops_IsNotAPaceDrop()
    {
        var events = RuleTestRun.AfterWarmup(new AlertSettings { TargetPaceSecPerKm = 250 }, s => s.Speed = 0.5);

        Assert.Empty(events.Raised(AlertKind.PaceDrop));
    }

    private static PaceDropRule CreateSut(double targetPace) => new(new AlertSettings { TargetPaceSecPerKm = targetPace });
}
