using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class SampleHistoryTests
{
    private const long T0 = 1_800_000_000_000;

    [Fact]
    public void SparklinePoints_ANewSampleInTheSameBucket_KeepsTheDrawnLine()
    {
        var sut = CreateSut();
        sut.Add(Sample(1, T0 + 100, 140));
        sut.Add(Sample(2, T0 + 4100, 150));
        var first = sut.SparklinePoints(SparkMetric.HeartRate, 120, 18);

        sut.Add(Sample(3, T0 + 4600, 190));

        Assert.Same(first, sut.SparklinePoints(SparkMetric.HeartRate, 120, 18));
    }

    [Fact]
    public void SparklinePoints_AReadBackFillsAHole_RedrawsTheLine()
    {
        var sut = CreateSut();
        sut.Add(Sample(1, T0, 140));
        sut.Add(Sample(3, T0 + 8000, 150));
        var before = sut.SparklinePoints(SparkMetric.HeartRate, 120, 18);

        sut.Add(Sample(2, T0 + 4000, 170));

        var after = sut.SparklinePoints(SparkMetric.HeartRate, 120, 18);
        Assert.Equal(before.Split(' ').Length + 1, after.Split(' ').Length);
    }

    [Fact]
    public void SparklinePoints_NoValueOfTheMetric_IsEmpty()
    {
        var sut = CreateSut();
        sut.Add(Sample(1, T0, 140));

        Assert.Equal("", sut.SparklinePoints(SparkMetric.Power, 120, 18));
    }

    private static SampleHistory CreateSut() => new(TimeSpan.FromMinutes(2));

    private static MetricSample Sample(long seq, long at, int heartRate) => new() { Seq = seq, ObservedAt = at, HeartRateBpm = heartRate };
}
