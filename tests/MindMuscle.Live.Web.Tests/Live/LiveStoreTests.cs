using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class LiveStoreTests
{
    private const long T0 = 1_800_000_000_000;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(T0));
    private readonly ManualFrames _frames = new();

    [Fact]
    public void ApplySamples_ManyBeforeAFrame_AskForOneFrameAndAnnounceOnce()
    {
        var sut = CreateSut();
        sut.ApplySnapshot(Snapshot("r1", "r2"), null);
        _frames.Run();
        var announced = new List<LiveChange>();
        sut.Changed += announced.Add;
        var requestsBefore = _frames.Requests;
        var r2Version = sut.Find("r2")!.Version;

        for (var seq = 1; seq <= 20; seq++)
        {
            sut.ApplySamples(Frame("r1", Sample(seq, T0 + (seq * 250))));
        }

        Assert.Equal(requestsBefore + 1, _frames.Requests);
        Assert.Empty(announced);
        _frames.Run();
        Assert.Equal([LiveChange.Runners], announced);
        Assert.Equal(20, sut.Find("r1")!.LastSeq);
        Assert.Equal(r2Version, sut.Find("r2")!.Version);
    }

    [Fact]
    public void ApplyRecorded_AfterAGap_FillsTheHistoryInSeqOrder()
    {
        var sut = CreateSut();
        sut.ApplySnapshot(Snapshot("r1"), null);
        sut.ApplySamples(Frame("r1", Sample(1, T0), Sample(2, T0 + 250)));
        sut.ApplySamples(Frame("r1", Sample(6, T0 + 1250)));

        sut.ApplyRecorded("r1", [Sample(3, T0 + 500), Sample(4, T0 + 750), Sample(5, T0 + 1000), Sample(2, T0 + 250)]);

        Assert.Equal([1L, 2, 3, 4, 5, 6], sut.Find("r1")!.History.Points.Select(p => p.Seq));
        Assert.Equal(6, sut.Find("r1")!.Latest!.Seq);
    }

    [Fact]
    public void ApplySnapshot_AfterAReconnect_ClosesAlertsTheHubNoLongerHasOpen()
    {
        var sut = CreateSut();
        sut.ApplySnapshot(Snapshot("r1"), null);
        sut.ApplyAlert(new FormAlert { AlertId = "a1", RunnerId = "r1", Kind = AlertKind.CadenceDrop, StartedAt = T0 });
        Assert.Single(sut.Find("r1")!.OpenAlerts);

        sut.ApplySnapshot(Snapshot("r1") with { HubTime = T0 + 60_000 }, null);

        Assert.Empty(sut.Find("r1")!.OpenAlerts);
        Assert.Equal(T0 + 60_000, sut.Alerts[0].ClearedAt);
    }

    [Fact]
    public void SeenSoFar_IsPerRunnerTheHighestSeqAndItsTime()
    {
        var sut = CreateSut();
        sut.ApplySnapshot(Snapshot("r1"), null);
        sut.ApplySamples(Frame("r1", Sample(7, T0 + 9000), Sample(8, T0 + 9250)));

        Assert.Equal((8L, T0 + 9250), sut.SeenSoFar()["r1"]);
    }

    [Fact]
    public void HubNowMs_FollowsTheSnapshotsClockNotTheTablets()
    {
        var sut = CreateSut();

        sut.ApplySnapshot(Snapshot("r1") with { HubTime = T0 + 3000 }, null);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(T0 + 5000, sut.HubNowMs);
    }

    [Fact]
    public void History_OlderThanTheWindow_IsDropped()
    {
        var sut = CreateSut(new LiveViewOptions { HistoryWindow = TimeSpan.FromSeconds(10) });
        sut.ApplySnapshot(Snapshot("r1"), null);

        for (var seq = 1; seq <= 400; seq++)
        {
            sut.ApplySamples(Frame("r1", Sample(seq, T0 + (seq * 250))));
        }

        var history = sut.Find("r1")!.History;
        Assert.InRange(history.Count, 40, 41);
        Assert.Equal(400, history.Points[^1].Seq);
    }

    [Fact]
    public void ApplyAlert_MoreThanTheCap_KeepsTheNewest()
    {
        var sut = CreateSut(new LiveViewOptions { MaxAlerts = 3 });
        sut.ApplySnapshot(Snapshot("r1"), null);

        for (var i = 1; i <= 5; i++)
        {
            sut.ApplyAlert(new FormAlert { AlertId = "a" + i, RunnerId = "r1", StartedAt = T0 + i, ClearedAt = T0 + i });
        }

        Assert.Equal(["a5", "a4", "a3"], sut.Alerts.Select(a => a.AlertId));
    }

    [Fact]
    public void ApplySamples_EachSensorItsOwnFields_LatestMergesThemUntilOneGoesQuiet()
    {
        var sut = CreateSut(new LiveViewOptions { StaleAfter = TimeSpan.FromSeconds(5) });
        sut.ApplySnapshot(Snapshot("r1"), null);

        sut.ApplySamples(Frame("r1", new MetricSample { Seq = 1, ObservedAt = T0, HeartRateBpm = 150, BatteryPct = 80 }));
        sut.ApplySamples(Frame("r1", new MetricSample { Seq = 2, ObservedAt = T0 + 250, CadenceSpm = 180 }));
        var both = sut.Find("r1")!.Latest!;
        sut.ApplySamples(Frame("r1", new MetricSample { Seq = 3, ObservedAt = T0 + 6000, CadenceSpm = 182 }));
        var later = sut.Find("r1")!.Latest!;

        Assert.Equal((150, 180.0), (both.HeartRateBpm, both.CadenceSpm));
        Assert.Null(later.HeartRateBpm);
        Assert.Equal(182, later.CadenceSpm);
        Assert.Equal(80, later.BatteryPct);
    }

    private LiveStore CreateSut(LiveViewOptions? options = null) => new(_time, _frames, options);

    private static SessionSnapshot Snapshot(params string[] runnerIds) => new()
    {
        Session = new SessionSummary { SessionId = "s1", Name = "s" },
        Runners = [.. runnerIds.Select(id => new RunnerSnapshot { RunnerId = id, Name = id, State = RunnerState.Live })],
        HubTime = T0,
    };

    private static SamplesFrame Frame(string runnerId, params MetricSample[] samples) =>
        new() { SessionId = "s1", Runners = [new RunnerSamples { RunnerId = runnerId, Samples = samples }] };

    private static MetricSample Sample(long seq, long at) => new() { Seq = seq, ObservedAt = at, HeartRateBpm = 150 };
}
