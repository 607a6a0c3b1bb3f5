using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

/// <summary>The hub's RepCompleted / LapCompleted / MarkerAdded fed into the view model, and how the dashboard shows them.</summary>
public sealed class TrackBoardTests
{
    private static readonly long Start = GroupScenario.Start.ToUnixTimeMilliseconds();

    [Fact]
    public void Apply_RepThenRecovered_OneRepWithDropsAndOneFeedLine()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);

        model.Apply(new RepReceived(Completed(1, 1)));
        model.Apply(new RepReceived(Completed(1, 1) with { Rep = Rep(1) with { HrDrop30Bpm = 20, HrDrop60Bpm = 35 }, Recovered = true }));
        model.Apply(new RepReceived(Completed(1, 1))); // a resync replays the Completed: the drops stay

        var rep = Assert.Single(model.Track.For(GroupScenario.RunnerId(1))!.Reps);
        Assert.Equal(35, rep.HrDrop60Bpm);
        Assert.Single(model.Track.Feed);
        Assert.Equal(1, model.Track.MaxRepCount);
    }

    [Fact]
    public void Note_RepFadeAlertAfterThirdRep_MarksThirdRepOnly()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);
        foreach (var n in new[] { 1, 2, 3, 4 })
        {
            model.Apply(new RepReceived(Completed(2, n)));
        }

        var third = Rep(3);
        model.Apply(new AlertRaised(Fade(2, third.EndedAt + 6_000)));

        var track = model.Track.For(GroupScenario.RunnerId(2))!;
        Assert.Equal([false, false, true, false], track.Reps.Select(track.IsFaded));
        Assert.Empty(model.Track.For(GroupScenario.RunnerId(1))?.Reps ?? []);
    }

    [Fact]
    public void Apply_MarkerTwice_KeptOnceInMarkersAndFeed()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);
        var marker = new SessionMarker { MarkerId = 4, SessionId = "s-1", Kind = MarkerKind.Lap, At = Start + 90_000 };

        model.Apply(new MarkerReceived(marker));
        model.Apply(new MarkerReceived(marker));

        Assert.Equal(marker, Assert.Single(model.Track.Markers));
        Assert.Single(model.Track.Feed, f => f.Marker == marker);
    }

    [Fact]
    public void Apply_SnapshotWithMarkers_ShowsMarkersMadeBeforeConnectingOnce()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);
        SessionMarker[] earlier =
        [
            new() { MarkerId = 2, SessionId = "s-1", Kind = MarkerKind.RepEnd, At = Start + 60_000 },
            new() { MarkerId = 1, SessionId = "s-1", Kind = MarkerKind.RepStart, At = Start },
        ];
        var snapshot = new SessionSnapshot { Session = new SessionSummary { SessionId = "s-1" }, Markers = earlier };

        model.Apply(snapshot, gap: null);
        model.Apply(snapshot, gap: TimeSpan.FromSeconds(5)); // a resync after a reconnect carries them again

        Assert.Equal([1L, 2L], model.Track.Markers.Select(m => m.MarkerId));
    }

    [Fact]
    public void Apply_ReplayRestart_ForgetsRepsAndMarkers()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);
        model.Apply(new RepReceived(Completed(1, 1)));
        model.Apply(new MarkerReceived(new SessionMarker { MarkerId = 1, Kind = MarkerKind.RepStart, At = Start }));

        model.Apply(new ReplayRestarted(new SessionSnapshot { Session = new SessionSummary { SessionId = "s-1" } }, 0));

        Assert.Equal(0, model.Track.MaxRepCount);
        Assert.Empty(model.Track.Markers);
        Assert.Empty(model.Track.Feed);
    }

    [Fact]
    public void Apply_Backfill_RepsLapsAndFadesWithoutFeedLinesThenLiveRepsAddOne()
    {
        var model = GroupScenario.Build(GroupScenario.Clock(), runners: 3, seconds: 2);
        var recorded = new RecordedTrack(
            [new RunnerTrackRecord(GroupScenario.RunnerId(1), [Rep(1) with { HrDrop60Bpm = 30 }, Rep(2), Rep(3)], [new Lap { Number = 7, DurationS = 80 }])],
            [Fade(1, Rep(3).EndedAt + 6_000)]);

        model.Apply(new TrackBackfilled(recorded));
        model.Apply(new RepReceived(Completed(1, 2))); // already known: no new line
        model.Apply(new RepReceived(Completed(1, 4)));

        var track = model.Track.For(GroupScenario.RunnerId(1))!;
        Assert.Equal([1, 2, 3, 4], track.Reps.Select(r => r.Number));
        Assert.Equal(30, track.Reps[0].HrDrop60Bpm);
        Assert.True(track.IsFaded(track.Reps[2]));
        Assert.Equal(7, track.LastLap!.Number);
        Assert.Equal([4], model.Track.Feed.Select(f => f.Rep!.Number));
        Assert.Null(model.Track.BackfillError);
    }

    [Fact]
    public void Render_BackfillFailed_MatrixSaysWhy()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 3, seconds: 2);
        model.Apply(new TrackBackfilled(new RecordedTrack([], []), "404 Not Found from GET /api/sessions/s-1/reps"));

        var lines = DashboardRendererTests.RenderPlain(model, new DashboardUi { ShowReps = true }, time);

        Assert.Contains(lines, l => l.Contains("earlier reps not read: 404", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_RepMatrix_RunnerByRepWithFadeMarkedAndSelectedDetail()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 6, seconds: 2);
        for (var n = 1; n <= 4; n++)
        {
            model.Apply(new RepReceived(Completed(2, n, slowerBy: n == 4 ? 1.06 : 1)));
            model.Apply(new RepReceived(Completed(5, n)));
        }

        model.Apply(new RepReceived(Completed(2, 1) with { Rep = Rep(1) with { HrDrop60Bpm = 34 }, Recovered = true }));
        model.Apply(new AlertRaised(Fade(2, Rep(4, 1.06).EndedAt + 6_000)));
        model.Apply(new LapReceived(new LapCompleted { SessionId = "s-1", RunnerId = GroupScenario.RunnerId(2), Lap = new Lap { Number = 9, DurationS = 75 } }));
        var ui = new DashboardUi { ShowReps = true, SelectedRunnerId = GroupScenario.RunnerId(2) };

        var lines = DashboardRendererTests.RenderPlain(model, ui, time);

        Assert.Equal(40, lines.Count);
        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= 120, l));
        Assert.Contains(lines, l => l.Contains("R1", StringComparison.Ordinal) && l.Contains("R4", StringComparison.Ordinal));
        var row = Assert.Single(lines, l => l.StartsWith('▶'));
        Assert.Contains(GroupScenario.Name(2), row, StringComparison.Ordinal);
        Assert.Matches(@"2:24 +2:24 +2:24 +2:33▼", row); // rep time, the faded fourth marked
        var detail = Assert.Single(lines, l => l.Contains(GroupScenario.Name(2) + " rep 4:", StringComparison.Ordinal));
        Assert.Contains("800 m", detail, StringComparison.Ordinal);
        Assert.Contains("GCT 240 ms", detail, StringComparison.Ordinal);
        Assert.Contains("HR peak 181", detail, StringComparison.Ordinal);
        Assert.Contains("faded ▼", detail, StringComparison.Ordinal);
        Assert.Contains("lap 9 1:15", detail, StringComparison.Ordinal);

        ui.RepMetric = RepMetric.HrDrop60;
        var drops = DashboardRendererTests.RenderPlain(model, ui, time);
        Assert.Matches(@"34 +… +… +…▼", Assert.Single(drops, l => l.StartsWith('▶')));
    }

    [Fact]
    public void Render_Feed_RepsAndMarkersBesideAlerts()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 3, seconds: 2);
        model.Apply(new RepReceived(Completed(3, 1)));
        model.Apply(new MarkerReceived(new SessionMarker { MarkerId = 1, Kind = MarkerKind.Lap, At = Rep(1).EndedAt + 1_000 }));
        model.Apply(new MarkerReceived(new SessionMarker { MarkerId = 2, Kind = MarkerKind.RepStart, RunnerId = GroupScenario.RunnerId(3), At = Rep(1).EndedAt + 2_000 }));

        var text = string.Join('\n', DashboardRendererTests.RenderPlain(model, new DashboardUi(), time));

        Assert.Contains("rep 1", text, StringComparison.Ordinal);
        Assert.Contains("800 m in 2:24, 3:00/km", text, StringComparison.Ordinal);
        Assert.Matches(@"group +◆ mark +lap", text);
        Assert.Matches(GroupScenario.Name(3) + @" +◆ mark +rep start", text);
    }

    [Fact]
    public void Handle_MarkerKeys_AddMarkerActionsForRunnerAndGroup()
    {
        var time = GroupScenario.Clock();
        var model = GroupScenario.Build(time, runners: 3, seconds: 2);
        var ui = new DashboardUi();
        var sut = new DashboardController(model, ui, SharedCueCatalog.Default, time);
        sut.Handle(Key('2'));

        var lap = Assert.IsType<AddMarkerAction>(sut.Handle(Key('l')));
        var groupLap = Assert.IsType<AddMarkerAction>(sut.Handle(Key('L')));
        var start = Assert.IsType<AddMarkerAction>(sut.Handle(Key('b')));
        var end = Assert.IsType<AddMarkerAction>(sut.Handle(Key('E')));
        Assert.Null(sut.Handle(Key('r')));

        Assert.Equal(new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = GroupScenario.RunnerId(2) }, lap.Request);
        Assert.Equal(new MarkerRequest { Kind = MarkerKind.Lap }, groupLap.Request);
        Assert.Equal(new MarkerRequest { Kind = MarkerKind.RepStart, RunnerId = GroupScenario.RunnerId(2) }, start.Request);
        Assert.Equal(new MarkerRequest { Kind = MarkerKind.RepEnd }, end.Request);
        Assert.Contains("the group", end.Description, StringComparison.Ordinal);
        Assert.True(ui.ShowReps);
        sut.Handle(Key('m'));
        Assert.Equal(RepMetric.Pace, ui.RepMetric);
        Assert.Equal(SparkMetric.Cadence, ui.Metric);
    }

    internal static Rep Rep(int number, double slowerBy = 1)
    {
        // 800 m in 144 s (3:00/km), every 5 minutes from the start.
        var started = Start + ((number - 1) * 300_000L);
        var duration = Math.Round(144 * slowerBy);
        return new Rep
        {
            Number = number,
            StartedAt = started,
            EndedAt = started + (long)(duration * 1000),
            DistanceM = 800,
            DurationS = duration,
            PaceSecPerKm = Math.Round(duration / 0.8, 1),
            GroundContactMs = 240,
            PeakHeartRateBpm = 181,
        };
    }

    internal static RepCompleted Completed(int runner, int number, double slowerBy = 1) =>
        new() { SessionId = "s-1", RunnerId = GroupScenario.RunnerId(runner), Rep = Rep(number, slowerBy) };

    private static FormAlert Fade(int runner, long at) => new()
    {
        AlertId = $"fade-{runner}-{at}",
        Kind = AlertKind.RepFade,
        RunnerId = GroupScenario.RunnerId(runner),
        StartedAt = at,
        Severity = AlertSeverity.Warning,
        Message = "Rep 4: pace 3:11/km, 6.0 % slower than reps 1-2 (3:00/km)",
    };

    private static ConsoleKeyInfo Key(char c) => new(c, ConsoleKey.NoName, false, false, false);
}
