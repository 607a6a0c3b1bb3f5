using System.Globalization;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class MetricFormatTests
{
    [Fact]
    public void Number_AnyValueAndDecimals_SameTextAsTheDoublesOwnFixedFormat()
    {
        var random = new Random(11);
        double[] edges = [0, 0.5, 1.5, 2.5, 0.125, 0.375, 1.005, 2.675, 0.045, 99.995, 999_999_999.5, 1e12, 4.2, 235, -0.3, -1.25, double.Epsilon, -0.0];
        var values = edges.Concat(Enumerable.Range(0, 20_000).Select(i => (i % 4) switch
        {
            0 => random.NextDouble() * 300,
            1 => Math.Round(random.NextDouble() * 3000) / 1000,
            2 => Math.Round(random.NextDouble() * 2000) / 20 + 0.005,
            _ => random.Next(0, 5000) / 8.0,
        }));

        foreach (var value in values)
        {
            for (var decimals = 0; decimals <= 4; decimals++)
            {
                Assert.Equal(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), MetricFormat.Number(value, decimals));
            }
        }
    }

    [Theory]
    [InlineData(48.4, "48/52")]
    [InlineData(50.5, "50/50")]
    [InlineData(0, "0/100")]
    [InlineData(100, "100/0")]
    public void Balance_LeftPercent_RoundedSplit(double left, string expected) =>
        Assert.Equal(expected, MetricFormat.Balance(left));

    [Fact]
    public void Number_MissingOrNotFinite_Dash()
    {
        Assert.Equal(MetricFormat.Missing, MetricFormat.Number(null, 1));
        Assert.Equal(MetricFormat.Missing, MetricFormat.Number(double.NaN, 1));
        Assert.Equal(MetricFormat.Missing, MetricFormat.Number(double.PositiveInfinity, 0));
    }
}
