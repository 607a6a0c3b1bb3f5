using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.Hub.Tests.FanOut;
using MindMuscle.Live.Hub.Track;

namespace MindMuscle.Live.Hub.Tests.Track;

public sealed class RunnerTrackTests
{
    private const long Start = 1_764_100_000_000;

    [Fact]
    public void Feed_SteadyWalkBetweenLaps_AllocatesNothingPerSample()
    {
        var fanOut = new SessionFanOut("s", NullSessionBus.Instance);
        var sut = new RunnerTrack("s", "r-1", []);
        // 4 Hz at 1.2 m/s: the first lap ends after ~1333 samples, past the measured window.
        var batches = Enumerable.Range(0, 250).Select(b => Enumerable.Range(b * 4, 4).Select(i => new MetricSample
        {
            Seq = i + 1, ObservedAt = Start + (i * 250L), SpeedMps = 1.2, DistanceM = i * 0.3, CadenceSpm = 120, HeartRateBpm = 110,
        }).ToArray()).ToArray();
        for (var b = 0; b < 50; b++)
        {
            sut.Feed(batches[b], fanOut);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var b = 50; b < batches.Length; b++)
        {
            sut.Feed(batches[b], fanOut);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Mark_TheSameMarkerFromTheSessionAndAgainFromTheBus_AppliedOnce()
    {
        var repStart = new SessionMarker { MarkerId = 1, SessionId = "s", Kind = MarkerKind.RepStart, At = Start + 20_000 };
        var repEnd = new SessionMarker { MarkerId = 2, SessionId = "s", Kind = MarkerKind.RepEnd, At = Start + 50_000 };
        var (fanOut, coach) = Watched();
        var sut = new SessionLiveTrack("s", new SessionMarkers([repStart]), fanOut);

        var started = sut.TryFeed("r-1", Run(0, 10), out _);
        sut.Start("r-1")!.Feed(Run(0, 10), fanOut);
        sut.Mark(repStart);
        sut.Mark(repEnd);
        sut.Mark(repEnd);
        var fed = sut.TryFeed("r-1", Run(10, 60), out _);
        var rep = await coach.Reps.NextAsync();

        Assert.False(started);
        Assert.True(fed);

        Assert.Equal((1, Start + 20_000, Start + 50_000, true), (rep.Rep.Number, rep.Rep.StartedAt, rep.Rep.EndedAt, rep.Rep.Marked));
        Assert.False(coach.Reps.TryTake(out var extra), $"one rep expected, also got rep {extra?.Rep.Number}");
    }

    [Fact]
    public async Task Feed_AnalysisFailsTwiceBetweenReps_FailureHandedBackOnceAndRepsAndLapsNumberedOn()
    {
        var (fanOut, coach) = Watched();
        var sut = new RunnerTrack("s", "r-1", []);
        var injected = new InvalidOperationException("injected");
        // After the first rep (60-127 s) and its lap; the second failure hits the fresh analysis's first sample.
        sut.AnalysisProbe = s =>
        {
            if (s.Seq is 151 or 152)
            {
                throw injected;
            }
        };

        var fed = TrackApiTests.TwoReps(Start).Chunk(100).Select(batch => sut.Feed(batch, fanOut)).ToList();
        var reps = new List<RepCompleted> { await coach.Reps.NextAsync(), await coach.Reps.NextAsync(), await coach.Reps.NextAsync() };
        var laps = new List<LapCompleted> { await coach.Laps.NextAsync(), await coach.Laps.NextAsync() };

        Assert.Same(injected, Assert.Single(fed, f => f.Fault is not null).Fault);
        Assert.DoesNotContain(fed, f => f.SwitchedOff);
        Assert.Equal([1, 2], fed.SelectMany(f => f.Reps ?? []).Select(r => r.Rep.Number));
        // The first rep's recovery was under way at the failure: it is lost, the second rep's comes.
        Assert.Equal([(1, false), (2, false), (2, true)], reps.Select(e => (e.Rep.Number, e.Recovered)));
        Assert.InRange(reps[1].Rep.DistanceM, 380, 420);
        Assert.Equal([1, 2], laps.Select(e => e.Lap.Number));
        Assert.All(laps, e => Assert.Equal(400, e.Lap.DistanceM, 1));
        Assert.Equal([1, 2], sut.FirstReps().Select(r => r.Number));
    }

    [Fact]
    public void Feed_AnalysisFailsOnEverySample_SwitchedOffOnceAndLaterFeedsHandBackNothing()
    {
        var sut = new RunnerTrack("s", "r-1", []);
        var injected = new InvalidOperationException("injected");
        sut.AnalysisProbe = _ => throw injected;

        var first = sut.Feed(Run(0, 5), fanOut: null);
        var second = sut.Feed(Run(5, 20), fanOut: null);
        var later = sut.Feed(Run(20, 60), fanOut: null);

        Assert.Equal((injected, false), (first.Fault, first.SwitchedOff));
        Assert.Equal((null, true), (second.Fault, second.SwitchedOff));
        Assert.Equal(default, later);
    }

    [Fact]
    public void Feed_AnalysisFailsDuringAMarkedRep_TheRepGoesOnFromTheNextSampleToItsEndMark()
    {
        var sut = new RunnerTrack("s", "r-1", [
            new SessionMarker { MarkerId = 1, SessionId = "s", Kind = MarkerKind.RepStart, At = Start + 20_000 },
            new SessionMarker { MarkerId = 2, SessionId = "s", Kind = MarkerKind.RepEnd, At = Start + 50_000 },
        ]);
        sut.AnalysisProbe = s =>
        {
            if (s.Seq == 31)
            {
                throw new InvalidOperationException("injected");
            }
        };

        var fed = sut.Feed(Run(0, 60), fanOut: null);

        Assert.NotNull(fed.Fault);
        var rep = Assert.Single(fed.Reps ?? []).Rep;
        Assert.Equal((1, true), (rep.Number, rep.Marked));
        // The fresh analysis starts at the sample after the failing one (31 s), inside the marked rep.
        Assert.Equal((Start + 31_000, Start + 50_000), (rep.StartedAt, rep.EndedAt));
        Assert.InRange(rep.DistanceM, 90, 95); // from 31 s at 5 m/s, not the 150 m from the start mark
    }

    [Fact]
    public void Mark_AnalysisFailsOnAMark_CallerSparedAndTheNextFeedHandsTheFailureBackAndStartsWithoutIt()
    {
        var sut = new RunnerTrack("s", "r-1", []);
        var injected = new InvalidOperationException("injected");
        sut.MarkProbe = m =>
        {
            if (m.At == Start + 5_000)
            {
                throw injected;
            }
        };

        var failed = sut.Mark(new SessionMarker { MarkerId = 1, SessionId = "s", Kind = MarkerKind.RepStart, At = Start + 5_000 });
        var started = sut.Mark(new SessionMarker { MarkerId = 2, SessionId = "s", Kind = MarkerKind.RepStart, At = Start + 20_000 });
        var ended = sut.Mark(new SessionMarker { MarkerId = 3, SessionId = "s", Kind = MarkerKind.RepEnd, At = Start + 50_000 });
        var fed = sut.Feed(Run(0, 60), fanOut: null);
        var later = sut.Feed(Run(60, 70), fanOut: null);

        Assert.Equal((true, true, true), (failed, started, ended));
        Assert.Equal((injected, false), (fed.Fault, fed.SwitchedOff));
        Assert.Null(later.Fault);
        // The fresh analysis has the marks after the failing one, not the failing one (a rep from 5 s).
        var rep = Assert.Single(fed.Reps ?? []).Rep;
        Assert.Equal((1, true, Start + 20_000, Start + 50_000), (rep.Number, rep.Marked, rep.StartedAt, rep.EndedAt));
    }

    [Fact]
    public void Mark_AnalysisFailsOnEveryMark_SwitchedOffAndTheNextFeedSaysSoOnce()
    {
        var sut = new RunnerTrack("s", "r-1", []);
        var injected = new InvalidOperationException("injected");
        var marked = 0;
        sut.MarkProbe = _ =>
        {
            marked++;
            throw injected;
        };

        var results = Enumerable.Range(1, 12)
            .Select(i => sut.Mark(new SessionMarker { MarkerId = i, SessionId = "s", Kind = MarkerKind.Lap, At = Start + (i * 1_000L) }))
            .ToList();
        var fed = sut.Feed(Run(0, 20), fanOut: null);
        var later = sut.Feed(Run(20, 30), fanOut: null);

        Assert.DoesNotContain(false, results);
        // The first failure and eight fresh starts; the marks after the switch-off reach no analysis.
        Assert.Equal(9, marked);
        Assert.Equal((injected, true), (fed.Fault, fed.SwitchedOff));
        Assert.Equal(default, later);
    }

    [Fact]
    public void Mark_TrackSwitchedOff_TheMarkReachesNoAnalysis()
    {
        var sut = new RunnerTrack("s", "r-1", []);
        sut.AnalysisProbe = _ => throw new InvalidOperationException("injected");
        var marked = 0;
        sut.MarkProbe = _ => marked++;
        var off = sut.Feed(Run(0, 20), fanOut: null);

        var applied = sut.Mark(new SessionMarker { MarkerId = 1, SessionId = "s", Kind = MarkerKind.RepStart, At = Start + 30_000 });

        Assert.True(off.SwitchedOff);
        Assert.True(applied);
        Assert.Equal(0, marked);
    }

    private static (SessionFanOut FanOut, RecordingClient Coach) Watched()
    {
        var fanOut = new SessionFanOut("s", NullSessionBus.Instance);
        var coach = new RecordingClient();
        fanOut.Watch(TestCoachSenders.Create(coach, o => o.CoachFrameInterval = TimeSpan.Zero, sessionId: "s"));
        return (fanOut, coach);
    }

    /// <summary>1 Hz samples at 5 m/s from second <paramref name="from"/> to <paramref name="to"/> (exclusive).</summary>
    private static MetricSample[] Run(int from, int to) =>
        [.. Enumerable.Range(from, to - from).Select(i => new MetricSample { Seq = i + 1, ObservedAt = Start + (i * 1000L), SpeedMps = 5, DistanceM = i * 5.0 })];

    private sealed class RecordingClient : CoachClientStub
    {
        public Inbox<RepCompleted> Reps { get; } = new();

        public Inbox<LapCompleted> Laps { get; } = new();

        public override Task RepCompleted(RepCompleted rep)
        {
            Reps.Add(rep);
            return Task.CompletedTask;
        }

        public override Task LapCompleted(LapCompleted lap)
        {
            Laps.Add(lap);
            return Task.CompletedTask;
        }
    }
}
