using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;

namespace MindMuscle.Live.Core.Tests.Alerts.Rules;

public sealed class SensorLostRuleTests
{
    [Fact]
    public void Tick_NoDataFor5s_RaisesSensorLostOnceAndNextSampleClearsIt()
    {
        var sut = CreateSut();
        var script = new RunScript().Run(30);
        sut.FeedFrom(script);
        var last = script.Samples[^1].ObservedAt;
        var events = new List<AlertEvent>();

        sut.Tick(last + 4_999, events);
        Assert.Empty(events);
        sut.Tick(last + 5_000, events);
        sut.Tick(last + 9_000, events);
        script.Silence(9).Run(1);
        sut.Feed(AlertEngineTestExtensions.RunnerId, [script.Samples[^1]], events);

        var raised = Assert.Single(events.Raised(AlertKind.SensorLost));
        Assert.Equal(last + 5_000, raised.StartedAt);
        Assert.Null(raised.SuggestedCue);
        Assert.Equal("No data from the runner for 5 s", raised.Message);
        var cleared = Assert.Single(events.Cleared(AlertKind.SensorLost));
        Assert.Equal(script.Samples[^1].ObservedAt, cleared.ClearedAt);
    }

    [Fact]
    public void Feed_FootpodSilentWhileStrapSends_RaisesSensorLostNamingTheFootpod()
    {
        var sut = CreateSut();
        var script = new RunScript().Run(30);
        sut.FeedFrom(script);
        var from = script.Samples.Count;
        var footpodLastAt = script.Samples[^1].ObservedAt;

        for (var i = 0; i < 10; i++)
        {
            script.Spike(s => s with
            {
                CadenceSpm = null, SpeedMps = null, StrideLengthM = null, DistanceM = null, GroundContactMs = null,
                VerticalOscillationCm = null, GctBalanceLeftPct = null,
            });
        }

        var events = sut.FeedFrom(script.Run(3), from);

        var raised = Assert.Single(events.Raised(AlertKind.SensorLost));
        Assert.Equal(footpodLastAt + 5_000, raised.StartedAt);
        Assert.Contains("footpod", raised.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("strap", raised.Message, StringComparison.Ordinal);
        Assert.Single(events.Cleared(AlertKind.SensorLost));
    }

    [Fact]
    public void Feed_GapWithoutTicks_RaisesAndClearsSensorLostLikeTheLiveRun()
    {
        var live = CreateSut();
        var replay = CreateSut();
        var script = new RunScript().Run(30).Silence(12).Run(10);
        var liveEvents = new List<AlertEvent>();
        foreach (var sample in script.Samples)
        {
            live.Tick(sample.ObservedAt - 1, liveEvents);
            live.Tick(sample.ObservedAt - 1_000 + 1, liveEvents);
            live.Feed(AlertEngineTestExtensions.RunnerId, [sample], liveEvents);
        }

        var replayEvents = replay.FeedFrom(script);

        Assert.Single(replayEvents.Raised(AlertKind.SensorLost));
        Assert.Equal(liveEvents, replayEvents);
    }

    [Fact]
    public void Metadata_CoachOnly()
    {
        var sut = new SensorLostRule(AlertSettings.Default);

        Assert.False(sut.IsSpoken);
        Assert.Empty(sut.Cues);
    }

    private static AlertEngine CreateSut() => new("s1", AlertSettings.Default);
}
