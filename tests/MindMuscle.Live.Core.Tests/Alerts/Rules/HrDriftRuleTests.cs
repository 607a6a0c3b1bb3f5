using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class HrDriftRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(163, true)]
    [InlineData(160, false)]
    public void HasReached_HeartRateUpByDriftPct_True(double heartRate, bool reached)
    {
        var sut = CreateSut();

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { HeartRateBpm = heartRate }));
    }

    [Fact]
    public void Feed_HeartRateUpAtTheSamePace_Raises()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Hr = 164);

        var alert = Assert.Single(events.Raised(AlertKind.HrDrift));
        Assert.Equal(150, alert.Baseline);
        Assert.Equal(164, alert.Current);
        Assert.StartsWith("Heart rate 164 bpm, 9.3 % above baseline 150 at an unchanged pace", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_HeartRateUpBecauseFaster_IsNotDrift()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s =>
        {
            s.Hr = 170;
            s.Speed = 4.5;
            s.Stride = 1.5;
        });

        Assert.Empty(events.Raised(AlertKind.HrDrift));
    }

    private static HrDriftRule CreateSut() => new(AlertSettings.Default);
}
