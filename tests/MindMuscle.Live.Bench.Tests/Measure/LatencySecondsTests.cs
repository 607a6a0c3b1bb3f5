using System.Diagnostics;
using CsCheck;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

public sealed class LatencySecondsTests
{
    private static readonly long Start = Stopwatch.Frequency * 1000;

    [Fact]
    public void Second_ArrivalsAcrossSeconds_EachSecondHoldsItsOwnCountTailAndLongest()
    {
        // (arrival in ms from the start, latency in ms): arrivals before the start and past the last second included.
        var arrivals = Gen.Select(Gen.Int[-2_000, 12_000], Gen.Int[0, 200]).List[0, 300];

        arrivals.Sample(list =>
        {
            var sut = new LatencySeconds(Start, seconds: 10);
            foreach (var (at, latency) in list)
            {
                sut.Record(Start + Ticks(at), Ticks(latency));
            }

            for (var second = -1; second <= 10; second++)
            {
                var inSecond = list.Where(a => a.Item1 >= 0 && a.Item1 / 1000 == second && second is >= 0 and < 10).ToList();
                var (count, tail, max) = sut.Second(second);
                Assert.Equal(inSecond.Count, count);
                Assert.Equal(inSecond.Count(a => a.Item2 > LatencySeconds.TailBound.TotalMilliseconds), tail);
                Assert.Equal(inSecond.Count == 0 ? 0 : inSecond.Max(a => a.Item2), max, 1);
            }
        });
    }

    [Fact]
    public void SecondsFor_AnyRun_KeepsTheLastSecondsOfTheRunAndItsMargin()
    {
        // Runs up to 3 h: the old fixed 900 seconds read every second past ~15 min as empty.
        Gen.Int[1, 3 * 3600 * 1000].Sample(runMs =>
        {
            var run = TimeSpan.FromMilliseconds(runMs);
            var sut = new LatencySeconds(Start, LatencySeconds.SecondsFor(run));
            var lastArrival = runMs + (long)LatencySeconds.Margin.TotalMilliseconds - 1;
            sut.Record(Start + Ticks(runMs), Ticks(1));
            sut.Record(Start + Ticks(lastArrival), Ticks(1));

            Assert.Equal(1, sut.Second(runMs / 1000).Count);
            Assert.Equal(1, sut.Second((int)(lastArrival / 1000)).Count);
        });
    }

    [Fact]
    public void Of_ProbeSecondsOffTheLatencySeconds_TakesTheNearestProbeSecondAndTheWindowOnly()
    {
        var latencies = new LatencySeconds(Start, seconds: 10);
        latencies.Record(Start + Ticks(2_500), Ticks(30));
        latencies.Record(Start + Ticks(3_100), Ticks(5));

        // Probe seconds end 300 ms after each latency second ends; the one ending at 3.3 s is second 2's.
        var probe = Enumerable.Range(1, 8).Select(k => Second(Start + Ticks((k * 1000) + 300), gcPauseMs: k * 10)).ToList();

        var seconds = RunSecond.Of(latencies, probe, hubGc: null, windowStart: Start + Ticks(2_000), windowEnd: Start + Ticks(3_999));

        Assert.Equal(2, seconds.Count);
        Assert.Equal(new RunSecond(0, 1, 1, 30, 0, 30, 0, 0), seconds[0]);
        Assert.Equal(new RunSecond(1, 1, 0, 5, 0, 40, 0, 0), seconds[1]);
    }

    [Fact]
    public void Worst_SecondsWithLag_IsTheSecondFurthestBehind()
    {
        var health = new GeneratorHealth([Second(1, loopLagMs: 4), Second(2, loopLagMs: 940, gcPauseMs: 700), Second(3, loopLagMs: 12)]);

        Assert.Equal(940, health.Worst!.LoopLagMaxMs);
        Assert.Equal(940, health.LoopLagMaxMs);
        Assert.Equal(700, health.GcPauseMsMaxSecond);
    }

    private static long Ticks(double ms) => (long)(ms * Stopwatch.Frequency / 1000);

    private static GeneratorSecond Second(long endedAt, double loopLagMs = 0, double gcPauseMs = 0) =>
        new(endedAt, 0, gcPauseMs, 0, 0, 0, 2, 2, 0, 0, 0, loopLagMs, 0, 0, 0, 0, 0, 0);
}
