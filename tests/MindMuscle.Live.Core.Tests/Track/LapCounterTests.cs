using CsCheck;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Tests.Alerts;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Tests.Track;

public sealed class LapCounterTests
{
    [Fact]
    public void Observe_SteadyRunFromTheFootpodsDistance_CutsEvery400m()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(450);

        var laps = Count(script.Samples);

        Assert.Equal(4, laps.Count);
        Assert.All(laps, l => Assert.Equal(400, l.DistanceM));
        Assert.All(laps, l => Assert.Equal(100, l.DurationS, tolerance: 1));
        Assert.All(laps, l => Assert.Equal(250, l.PaceSecPerKm!.Value, tolerance: 2.5));
        Assert.Equal([1, 2, 3, 4], laps.Select(l => l.Number));
        Assert.Equal(laps[..^1].Select(l => l.EndedAt), laps[1..].Select(l => l.StartedAt));
        Assert.Equal(RunScript.Start, laps[0].StartedAt);
    }

    [Fact]
    public void Observe_GeneratedSessions_LapTimesMatchTheDistanceRun()
    {
        Gen.Select(Gen.Double[2, 7], Gen.Double[2, 7], Gen.Int[0, 10_000], Gen.Bool).Sample((a, b, seed, withoutDistanceField) =>
        {
            var session = IntervalSession.Build([new(a, 300), new(b, 300), new(a, 300)], seed);
            var samples = withoutDistanceField ? session.Samples.Select(s => s with { DistanceM = null }) : session.Samples;

            var laps = Count(samples);

            // The laps cover the session's distance, 400 m each (integrated speed: within the sensor noise).
            var total = session.Samples[^1].DistanceM!.Value;
            Assert.Equal((int)(total / 400), laps.Count, tolerance: 1);
            Assert.All(laps, l => Assert.Equal(400, l.DistanceM, tolerance: withoutDistanceField ? 0.5 : 0.1));
            Assert.All(laps, l => Assert.InRange(l.PaceSecPerKm!.Value, 1000 / Math.Max(a, b) - 10, 1000 / Math.Min(a, b) + 10));
        }, iter: 50);
    }

    [Fact]
    public void Observe_CoachLapMarks_OverrideDistance()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(400);
        var marks = new[] { new TrackMarker(RunScript.Start + 95_000, TrackMarkerKind.Lap), new TrackMarker(RunScript.Start + 200_500, TrackMarkerKind.Lap) };

        var laps = Count(script.Samples, new LapCounter(markers: marks));

        Assert.Equal([(0L, 95_000L), (95_000L, 200_500L)], laps.Select(l => (l.StartedAt - RunScript.Start, l.EndedAt - RunScript.Start)));
        Assert.Equal([380, 422], laps.Select(l => l.DistanceM));
        Assert.All(laps, l => Assert.True(l.Marked));
    }

    [Fact]
    public void Observe_LapMarkBeforeTheFirstSampleAndADoublePress_StartLinesNotEmptyLaps()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(300);
        var marks = new[]
        {
            new TrackMarker(RunScript.Start - 3_000, TrackMarkerKind.Lap),
            new TrackMarker(RunScript.Start + 100_000, TrackMarkerKind.Lap),
            new TrackMarker(RunScript.Start + 100_400, TrackMarkerKind.Lap),
            new TrackMarker(RunScript.Start + 201_000, TrackMarkerKind.Lap),
        };

        var laps = Count(script.Samples, new LapCounter(markers: marks));

        Assert.Equal([1, 2], laps.Select(l => l.Number));
        Assert.Equal([(0L, 100_000L), (100_000L, 201_000L)], laps.Select(l => (l.StartedAt - RunScript.Start, l.EndedAt - RunScript.Start)));
        Assert.All(laps, l => Assert.True(l.DurationS > 0));
    }

    [Fact]
    public void Mark_OutOfTimeOrder_EachLapAtItsMarkAndOneBehindAnAppliedMarkCounted()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(400);
        var sut = new LapCounter();
        Assert.True(sut.Mark(new TrackMarker(RunScript.Start + 200_500, TrackMarkerKind.Lap)));
        Assert.True(sut.Mark(new TrackMarker(RunScript.Start + 95_000, TrackMarkerKind.Lap)));
        var laps = new List<Lap>();
        bool? late = null;
        foreach (var sample in script.Samples)
        {
            if (late is null && sample.ObservedAt >= RunScript.Start + 300_000)
            {
                late = sut.Mark(new TrackMarker(RunScript.Start + 150_000, TrackMarkerKind.Lap));
            }

            sut.Observe(sample, laps);
        }

        Assert.Equal([(0L, 95_000L), (95_000L, 200_500L)], laps.Select(l => (l.StartedAt - RunScript.Start, l.EndedAt - RunScript.Start)));
        Assert.False(late);
        Assert.Equal(1, sut.LateMarks);
    }

    [Fact]
    public void Mark_LapMarkArrivingAfterTheSamplesPassedIt_LapEndsAtTheDistanceAtTheMark()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(300);
        var sut = new LapCounter();
        var laps = new List<Lap>();
        var marked = false;
        foreach (var sample in script.Samples)
        {
            if (!marked && sample.ObservedAt >= RunScript.Start + 80_000)
            {
                marked = sut.Mark(new TrackMarker(RunScript.Start + 60_000, TrackMarkerKind.Lap));
            }

            sut.Observe(sample, laps);
        }

        var lap = Assert.Single(laps);
        Assert.Equal((0L, 60_000L), (lap.StartedAt - RunScript.Start, lap.EndedAt - RunScript.Start));
        Assert.Equal(240, lap.DistanceM);
        Assert.Equal(250, lap.PaceSecPerKm!.Value, tolerance: 2.5);
    }

    [Theory]
    [InlineData(510, true)]
    [InlineData(511, true)]
    [InlineData(512, false)]
    [InlineData(513, false)]
    public void Mark_SamplesLateAtTheHistorysEdge_BothCountersCutTheSameLap(int late, bool reached)
    {
        // The mark falls between the samples of 60 s and 61 s; it arrives `late` samples after the one of 60 s,
        // which both counters still hold at 511 (the current sample and the 511 before it). Laps of
        // 10 km, so that no lap by distance ends before it.
        var script = new RunScript { Speed = 4 };
        script.Run(700);
        var detector = new RepDetector();
        var (own, shared) = (new LapCounter(10_000), new LapCounter(detector, 10_000));
        var (ownLaps, sharedLaps, reps) = (new List<Lap>(), new List<Lap>(), new List<RepEvent>());
        var mark = new TrackMarker(RunScript.Start + 60_500, TrackMarkerKind.Lap);
        var arrival = script.Samples.ToList().FindIndex(s => s.ObservedAt > mark.At) - 1 + late;
        for (var i = 0; i < script.Samples.Count; i++)
        {
            if (i == arrival)
            {
                Assert.True(own.Mark(mark));
                Assert.True(shared.Mark(mark));
            }

            own.Observe(script.Samples[i], ownLaps);
            detector.Observe(script.Samples[i], reps);
            shared.Observe(script.Samples[i], sharedLaps);
        }

        var lap = Assert.Single(ownLaps);
        Assert.Equal(lap, Assert.Single(sharedLaps));
        Assert.Equal(mark.At, lap.EndedAt);
        if (reached)
        {
            Assert.Equal(ownLaps[0].DistanceM, OwnDistance(script, 60_500));
        }
        else
        {
            Assert.True(lap.DistanceM > OwnDistance(script, 60_500) + 1, $"{lap.DistanceM} m: the oldest sample's distance");
        }
    }

    private static double OwnDistance(RunScript script, long sinceStartMs)
    {
        var own = new LapCounter(10_000, [new TrackMarker(RunScript.Start + sinceStartMs, TrackMarkerKind.Lap)]);
        var laps = new List<Lap>();
        foreach (var sample in script.Samples)
        {
            own.Observe(sample, laps);
        }

        return laps[0].DistanceM;
    }

    [Fact]
    public void Observe_ReadingTheDetectorsHistory_SameLapsAsWithItsOwn()
    {
        // Marks up front, live, out of order and up to 520 samples late, past the 511 before the current one both hold;
        // some samples come back in time, so readings share a time.
        var marks = Gen.Select(Gen.Int[0, 1_100], Gen.Int[0, 520], Gen.Int[0, 2]).Array[0, 8];
        Gen.Select(Gen.Double[2, 7], Gen.Int[1, 4], Gen.Int[0, 10_000], Gen.Bool, marks).Sample((speed, hz, seed, withoutDistanceField, plan) =>
        {
            var session = IntervalSession.Build([new(speed, 300), new(speed * 1.3, 300), new(speed, 300)], seed, hz: hz);
            var random = new Random(seed);
            var samples = session.Samples
                .Select(s => random.Next(20) == 0 ? s with { ObservedAt = s.ObservedAt - 700 } : s)
                .Select(s => withoutDistanceField ? s with { DistanceM = null } : s)
                .ToList();
            var start = samples[0].ObservedAt;
            var upFront = plan.Where(p => p.Item3 == 0).Select(p => new TrackMarker(start + (p.Item1 * 1000L), TrackMarkerKind.Lap)).ToList();
            var interval = session.Samples[1].ObservedAt - session.Samples[0].ObservedAt;
            var live = plan.Where(p => p.Item3 > 0).Select(p => (Due: p.Item1 * 1000L, Late: p.Item2 * interval)).ToList();
            var own = new LapCounter(markers: upFront);
            var detector = new RepDetector();
            var shared = new LapCounter(detector, markers: upFront);
            var (ownLaps, sharedLaps, reps) = (new List<Lap>(), new List<Lap>(), new List<RepEvent>());

            for (var i = 0; i < samples.Count; i++)
            {
                // A mark due at t arrives up to 520 samples after the sample of t.
                var now = session.Samples[i].ObservedAt - start;
                foreach (var (due, late) in live.Where(m => m.Due + m.Late <= now).ToList())
                {
                    live.Remove((due, late));
                    var mark = new TrackMarker(start + due, TrackMarkerKind.Lap);
                    Assert.Equal(own.Mark(mark), shared.Mark(mark));
                }

                own.Observe(samples[i], ownLaps);
                detector.Observe(samples[i], reps);
                shared.Observe(samples[i], sharedLaps);
            }

            Assert.Equal(ownLaps, sharedLaps);
            Assert.Equal(own.LateMarks, shared.LateMarks);
        }, iter: 100);
    }

    [Fact]
    public void Observe_ReadingTheDetectorsHistoryCalledBeforeItsFirstReading_NoFaultAndTheSameLaps()
    {
        var script = new RunScript { Speed = 4 };
        script.Run(450);
        var detector = new RepDetector();
        var sut = new LapCounter(detector);
        var laps = new List<Lap>();

        var first = Record.Exception(() => sut.Observe(script.Samples[0], laps));
        foreach (var sample in script.Samples)
        {
            detector.Observe(sample, []);
            sut.Observe(sample, laps);
        }

        Assert.Null(first);
        Assert.Equal(Count(script.Samples), laps);
    }

    [Fact]
    public void Observe_SamplesTheDetectorTookButTheCounterMissed_CountedAtTheNextCallWithTheSameLaps()
    {
        // The detector takes every sample and the counter misses some (as when the detector failed after taking one):
        // integrated speed, where a second reckoning of the distance would drift from the detector's.
        Gen.Select(Gen.Double[2, 7], Gen.Int[1, 4], Gen.Int[0, 10_000], Gen.Int[0, 2_000].Array[0, 6]).Sample((speed, hz, seed, upFrontMarks) =>
        {
            var session = IntervalSession.Build([new(speed, 300), new(speed * 1.3, 300), new(speed, 300)], seed, hz: hz);
            var samples = session.Samples.Select(s => s with { DistanceM = null }).ToList();
            var marks = upFrontMarks.Select(m => new TrackMarker(samples[0].ObservedAt + (m * 500L), TrackMarkerKind.Lap)).ToList();
            var random = new Random(seed);
            var detector = new RepDetector();
            var sut = new LapCounter(detector, markers: marks);
            var laps = new List<Lap>();

            foreach (var sample in samples)
            {
                detector.Observe(sample, []);
                if (random.Next(10) != 0)
                {
                    sut.Observe(sample, laps);
                }
            }

            sut.Observe(samples[^1], laps);

            Assert.Equal(Count(samples, new LapCounter(markers: marks)), laps);
        }, iter: 50);
    }

    [Fact]
    public void Constructor_AbsurdLapLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LapCounter(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LapCounter(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LapCounter(double.NaN));
    }

    private static List<Lap> Count(IEnumerable<MetricSample> samples, LapCounter? sut = null)
    {
        sut ??= new LapCounter();
        var laps = new List<Lap>();
        foreach (var sample in samples)
        {
            sut.Observe(sample, laps);
        }

        return laps;
    }
}
