using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class LiveViewModelTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = GroupScenario.Clock();

    [Fact]
    public void Apply_SamplesWithMissingFields_KeepsLastValueOfEachField()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();

        sut.Apply(Frame("r1", new MetricSample { Seq = 1, ObservedAt = at, HeartRateBpm = 150, CadenceSpm = 180 }));
        sut.Apply(Frame("r1", new MetricSample { Seq = 2, ObservedAt = at + 250, CadenceSpm = 176 }));

        var runner = Assert.Single(sut.Runners);
        Assert.Equal(150, runner.HeartRateBpm);
        Assert.Equal(176, runner.CadenceSpm);
        Assert.Equal(RunnerState.Live, runner.State);
        Assert.Equal(2, runner.LastSeq);
    }

    [Fact]
    public void Apply_SeqJumpAndDroppedFrames_CountedAsMissed()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();

        sut.Apply(Frame("r1", new MetricSample { Seq = 1, ObservedAt = at }));
        sut.Apply(new SamplesFrame { Runners = [new RunnerSamples { RunnerId = "r1", Samples = [new MetricSample { Seq = 5, ObservedAt = at + 1000 }] }], Dropped = 3 });

        Assert.Equal(3, sut.Runners[0].MissedSamples);
        Assert.Equal(3, sut.Link.DroppedFrames);
    }

    [Fact]
    public void Apply_LiveSample_LagIsHubClockAgeOfNewestSample()
    {
        var sut = CreateSut();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        sut.Apply(Snapshot(hubTime: now + 2_000), gap: null); // the hub's clock runs 2 s ahead of ours

        sut.Apply(Frame("r1", new MetricSample { Seq = 1, ObservedAt = now + 1_500 }));

        Assert.Equal(500, sut.Link.LagMs!.Value, precision: 0);
    }

    [Fact]
    public void Raise_ThenClear_OpenAlertsFollowAndFeedIsNewestFirst()
    {
        var sut = CreateSut();
        var alert = GroupScenario.Alert(7, 1000);

        sut.Raise(alert);
        sut.Raise(GroupScenario.Alert(14, 2000));
        sut.Clear(alert with { ClearedAt = 3000 });

        Assert.Empty(sut.Find("r07")!.OpenAlerts);
        Assert.Single(sut.Find("r14")!.OpenAlerts);
        Assert.Equal([true, false, false], sut.AlertFeed.Select(f => f.Cleared));
        Assert.Equal("r14", sut.DisplayOrder()[0].RunnerId);
    }

    [Fact]
    public void Apply_CueStatusesOutOfOrder_NeverStepsBack()
    {
        var sut = CreateSut();

        sut.Apply(GroupScenario.Cue("c1", 1, CueStatus.Sent, 1000));
        sut.Apply(GroupScenario.Cue("c1", 1, CueStatus.Spoken, 1000));
        sut.Apply(GroupScenario.Cue("c1", 1, CueStatus.Delivered, 1000));

        Assert.Equal(CueStatus.Spoken, Assert.Single(sut.Cues).Status);
    }

    [Fact]
    public void Apply_ResyncSnapshotAfterGap_RecordsGapAndMissedSamplesAndReplacesAlerts()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();
        sut.Apply(Snapshot(hubTime: at), gap: null);
        sut.Apply(Frame("r1", new MetricSample { Seq = 10, ObservedAt = at }));
        sut.Raise(GroupScenario.Alert(1, at) with { RunnerId = "r1", AlertId = "old" });

        var resync = Snapshot(hubTime: at + 30_000) with
        {
            Runners = [new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Live, LastSeq = 130, Latest = new MetricSample { Seq = 130, ObservedAt = at + 30_000, CadenceSpm = 171 } }],
            OpenAlerts = [GroupScenario.Alert(1, at + 20_000) with { RunnerId = "r1", AlertId = "new" }],
        };
        sut.Apply(new SnapshotReceived(resync, TimeSpan.FromSeconds(12)));

        var runner = sut.Find("r1")!;
        Assert.Equal(TimeSpan.FromSeconds(12), sut.Link.LastGap);
        Assert.Equal(120, sut.Link.LastGapSamples);
        Assert.Equal(130, runner.LastSeq);
        Assert.Equal(171, runner.CadenceSpm);
        Assert.Equal("new", Assert.Single(runner.OpenAlerts).AlertId);
    }

    [Fact]
    public void Apply_GapFilledAfterResync_DrawnIntoHistoryNoLongerMissedLatestKept()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();
        sut.Apply(Snapshot(hubTime: at), gap: null);
        sut.Apply(Frame("r1", new MetricSample { Seq = 10, ObservedAt = at, CadenceSpm = 170 }));
        var resync = Snapshot(hubTime: at + 5_000) with
        {
            Runners = [new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Live, LastSeq = 30, Latest = new MetricSample { Seq = 30, ObservedAt = at + 5_000, CadenceSpm = 171 } }],
        };
        sut.Apply(new SnapshotReceived(resync, TimeSpan.FromSeconds(5)));
        var missed = Enumerable.Range(11, 19).Select(i => new MetricSample { Seq = i, ObservedAt = at + ((i - 10) * 250L), CadenceSpm = 190 }).ToArray();

        sut.Apply(new GapFilled("r1", 11, 30, missed));

        var runner = sut.Find("r1")!;
        Assert.Equal(20, sut.Link.LastGapSamples);
        Assert.Equal(19, sut.Link.LastGapFilled);
        Assert.Equal(1, runner.MissedSamples); // seq 30 came with the snapshot as the latest value, not as history
        Assert.Equal(171, runner.CadenceSpm); // the newest reading stays on screen
        Assert.Equal(19, runner.History.Points(SparkMetric.Cadence).Count(p => p.Value == 190));
        Assert.Null(sut.Link.LastGapError);
    }

    [Fact]
    public void Apply_SeqJumpReadBack_NoLongerMissedCountedApartFromTheResyncGap()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();
        sut.Apply(Snapshot(hubTime: at), gap: null);
        sut.Apply(Frame("r1", new MetricSample { Seq = 3, ObservedAt = at, CadenceSpm = 170 }));
        sut.Apply(Frame("r1", new MetricSample { Seq = 6, ObservedAt = at + 750, CadenceSpm = 176 }));
        var missedAfterJump = sut.Find("r1")!.MissedSamples;

        sut.Apply(new GapFilled("r1", 4, 5, [new MetricSample { Seq = 4, ObservedAt = at + 250, CadenceSpm = 174 }, new MetricSample { Seq = 5, ObservedAt = at + 500, CadenceSpm = 175 }], Cause: GapCause.SeqJump));

        Assert.Equal(2, missedAfterJump);
        Assert.Equal(0, sut.Find("r1")!.MissedSamples);
        Assert.Equal(2, sut.Link.SeqJumpsFilled);
        Assert.Equal(0, sut.Link.LastGapFilled);
        Assert.Equal(176, sut.Find("r1")!.CadenceSpm);
    }

    [Fact]
    public void Apply_GapNotReadBack_ErrorShownStillMissed()
    {
        var sut = CreateSut();
        var at = GroupScenario.Start.ToUnixTimeMilliseconds();
        sut.Apply(Snapshot(hubTime: at), gap: null);
        sut.Apply(Frame("r1", new MetricSample { Seq = 10, ObservedAt = at }));
        var resync = Snapshot(hubTime: at + 5_000) with { Runners = [new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Live, LastSeq = 30 }] };
        sut.Apply(new SnapshotReceived(resync, TimeSpan.FromSeconds(5)));

        sut.Apply(new GapFilled("r1", 11, 30, [], "could not read the missed samples back (503)"));

        Assert.Equal(20, sut.Find("r1")!.MissedSamples);
        Assert.Equal(0, sut.Link.LastGapFilled);
        Assert.Contains("503", sut.Link.LastGapError, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ReconnectingAfterConnected_CountsReconnect()
    {
        var sut = CreateSut();

        sut.Apply(new ConnectionChanged(HubConnectionStatus.Connected, null));
        sut.Apply(new ConnectionChanged(HubConnectionStatus.Reconnecting, "socket closed"));
        sut.Apply(new ConnectionChanged(HubConnectionStatus.Reconnecting, "refused"));

        Assert.Equal(1, sut.Link.Reconnects);
        Assert.Equal(HubConnectionStatus.Reconnecting, sut.Link.Status);
    }

    [Fact]
    public void Apply_RunnerStatusWithoutRunner_MarksThisConsoleLagging()
    {
        var sut = CreateSut();

        sut.Apply(new RunnerStatusUpdate { RunnerId = "", State = RunnerState.Lagging, Detail = "412 frames dropped" });

        Assert.True(sut.Link.Lagging);
        Assert.Empty(sut.Runners);
    }

    [Fact]
    public void Apply_ReplayRestarted_ClearsAndKeepsRunnerNames()
    {
        var sut = CreateSut();
        sut.Replay = new ReplayProgress { StartMs = 1000, EndMs = 100_000 };
        sut.Apply(Snapshot(hubTime: 0), gap: null);
        sut.Apply(Frame("r1", new MetricSample { Seq = 1, ObservedAt = 5000, CadenceSpm = 170 }));
        sut.Raise(GroupScenario.Alert(1, 5000) with { RunnerId = "r1" });

        sut.Apply(new ReplayRestarted(Snapshot(hubTime: 0), 30_000));

        var runner = Assert.Single(sut.Runners);
        Assert.Equal("Ana", runner.Name);
        Assert.Null(runner.CadenceSpm);
        Assert.Empty(sut.AlertFeed);
        Assert.Equal(31_000, sut.Replay.PositionMs);
    }

    [Fact]
    public void Sparkline_RisingSeries_LowToHighBlocksAndGapsBlank()
    {
        var points = new List<(long, double)> { (0, 1), (1000, 2), (3000, 4) };

        var line = Sparkline.Render(points, endAt: 3999, window: TimeSpan.FromSeconds(4), width: 4);

        Assert.Equal("▁▃ █", line);
    }

    [Fact]
    public void Apply_SessionUpdated_SwitchesTheShownAutoCueModeAndTheHeaderSaysIt()
    {
        var sut = CreateSut();
        sut.Apply(Snapshot(hubTime: GroupScenario.Start.ToUnixTimeMilliseconds()) with
        {
            Session = new SessionSummary { SessionId = "s-1", Name = "Tuesday", AutoCue = AutoCueMode.Suggest },
        }, gap: null);
        var before = sut.AutoCue;

        sut.Apply(new SessionUpdated(new SessionSummary { SessionId = "s-1", Name = "Tuesday", AutoCue = AutoCueMode.Auto }));
        var header = DashboardRendererTests.RenderPlain(sut, new DashboardUi(), _time)[0];

        Assert.Equal(AutoCueMode.Suggest, before);
        Assert.Equal(AutoCueMode.Auto, sut.AutoCue);
        Assert.Contains("auto-cue auto", header, StringComparison.Ordinal);
    }

    private LiveViewModel CreateSut() => new(_time);

    private static SamplesFrame Frame(string runnerId, MetricSample sample) =>
        new() { SessionId = "s-1", Runners = [new RunnerSamples { RunnerId = runnerId, Samples = [sample] }] };

    private static SessionSnapshot Snapshot(long hubTime) => new()
    {
        Session = new SessionSummary { SessionId = "s-1", Name = "Tuesday" },
        Runners = [new RunnerSnapshot { RunnerId = "r1", Name = "Ana", State = RunnerState.Joined }],
        HubTime = hubTime,
    };
}
