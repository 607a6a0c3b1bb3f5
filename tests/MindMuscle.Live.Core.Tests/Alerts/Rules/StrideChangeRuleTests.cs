using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class StrideChangeRuleTests
{
    private static readonly FormReading Steady = new(180, 1.25, 4, 8.5, 240, 50, 150);

    [Theory]
    [InlineData(1.36, true)]
    [InlineData(1.14, true)]
    [InlineData(1.3, false)]
    public void HasReached_StrideOffEitherWay_True(double stride, bool reached)
    {
        var sut = CreateSut(changePct: 8);

        Assert.Equal(reached, sut.HasReached(Steady, Steady with { StrideLengthM = stride }));
    }

    [Theory]
    [InlineData(1.46, "Stride 1.46 m, 9.8 % longer than baseline 1.33 m")]
    [InlineData(1.2, "Stride 1.20 m, 9.8 % shorter than baseline 1.33 m")]
    public void Feed_StrideChange_SaysWhichWay(double stride, string message)
    {
        var events = RuleTestRun.AfterWarmup(AlertSettings.Default, s => s.Stride = stride);

        var alert = Assert.Single(events.Raised(AlertKind.StrideChange));
        Assert.Equal(1.33, alert.Baseline);
        Assert.Equal(stride, alert.Current);
        Assert.StartsWith(message, alert.Message, StringComparison.Ordinal);
        Assert.StartsWith("strideChange.", alert.SuggestedCueId, StringComparison.Ordinal);
    }

    private static StrideChangeRule CreateSut(double changePct) => new(new AlertSettings { StrideChangePct = changePct });
}
