using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

public sealed class LapSummaryTests
{
    [Fact]
    public void Laps_NoDistance_OneLapOverEverything()
    {
        var samples = SampleBuilder.Steady(1, 0, 10, TimeSpan.FromSeconds(1)).ToList();

        var lap = Assert.Single(LapSummary.Laps(samples));

        Assert.Equal(180, lap.Cadence);
        Assert.Equal(TimeSpan.FromSeconds(9), lap.Duration);
    }

    [Fact]
    public void Laps_HrOnlySamplesBetween_CountInCurrentLapAndNullsIgnored()
    {
        MetricSample[] samples =
        [
            new() { Seq = 1, ObservedAt = 0, DistanceM = 390, CadenceSpm = 170 },
            new() { Seq = 2, ObservedAt = 1, HeartRateBpm = 150 },
            new() { Seq = 3, ObservedAt = 2, DistanceM = 410, CadenceSpm = 180 },
        ];

        var laps = LapSummary.Laps(samples);

        Assert.Equal(2, laps.Count);
        Assert.Equal(170, laps[0].Cadence);
        Assert.Equal(150, laps[0].HeartRate);
        Assert.Null(laps[1].HeartRate);
    }

    [Fact]
    public void TimeInAlerts_OpenAlert_CountsToEnd()
    {
        FormAlert[] alerts =
        [
            new() { Kind = AlertKind.CadenceDrop, StartedAt = 0, ClearedAt = 10_000 },
            new() { Kind = AlertKind.CadenceDrop, StartedAt = 20_000, ClearedAt = 25_000 },
            new() { Kind = AlertKind.Imbalance, StartedAt = 50_000 },
        ];

        var times = LapSummary.TimeInAlerts(alerts, endAt: 60_000);

        Assert.Equal(TimeSpan.FromSeconds(15), times[AlertKind.CadenceDrop]);
        Assert.Equal(TimeSpan.FromSeconds(10), times[AlertKind.Imbalance]);
    }

    [Theory]
    [InlineData("12:30", 750)]
    [InlineData("0:05", 5)]
    [InlineData("1:02:03", 3723)]
    public void ParseFrom_Text_Offset(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ReplayCommand.ParseFrom(text));
    }
}
