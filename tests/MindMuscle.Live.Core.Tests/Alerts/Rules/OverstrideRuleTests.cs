using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class OverstrideRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(1.32, 174, true)]
    [InlineData(1.32, 176, false)]
    [InlineData(1.3, 174, false)]
    public void HasReached_LongerStrideWithLowerCadence_TrueOnlyForBoth(double stride, double cadence, bool reached)
    {
        var sut = CreateSut();

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { StrideLengthM = stride, CadenceSpm = cadence }));
    }

    [Fact]
    public void Feed_StrideUpWhileCadenceDown_RaisesNamingBoth()
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s =>
        {
            s.Stride = 1.42;
            s.Cadence = 173;
        });

        var alert = Assert.Single(events.Raised(AlertKind.Overstride));
        Assert.StartsWith("Overstride: stride 1.42 m (+6.8 %) while cadence 173 spm (-3.9 %)", alert.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Alert.Kind is AlertKind.CadenceDrop or AlertKind.StrideChange);
    }

    private static OverstrideRule CreateSut() => new(AlertSettings.Default);
}
