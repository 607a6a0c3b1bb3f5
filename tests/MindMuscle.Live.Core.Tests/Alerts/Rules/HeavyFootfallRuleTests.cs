using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class HeavyFootfallRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(9.4, 240, true)]
    [InlineData(8.5, 260, true)]
    [InlineData(9.2, 255, false)]
    public void HasReached_MoreBounceOrLongerContact_True(double oscillation, double contact, bool reached)
    {
        var sut = CreateSut();

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { VerticalOscillationCm = oscillation, GroundContactMs = contact }));
    }

    [Fact]
    public void Feed_MoreBounce_ReportsTheOscillationAndNamesBoth()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Oscillation = 9.6);

        var alert = Assert.Single(events.Raised(AlertKind.HeavyFootfall));
        Assert.Equal(8.5, alert.Baseline);
        Assert.Equal(9.6, alert.Current);
        Assert.StartsWith("Heavy footfall: vertical oscillation 9.6 cm (+12.9 %), ground contact 240 ms (+0.0 %)", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_LongerContact_ReportsTheContactTime()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.GroundContact = 264);

        var alert = Assert.Single(events.Raised(AlertKind.HeavyFootfall));
        Assert.Equal(240, alert.Baseline);
        Assert.Equal(264, alert.Current);
    }

    private static HeavyFootfallRule CreateSut() => new(AlertSettings.Default);
}
