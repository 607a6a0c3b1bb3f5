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
