using System.Diagnostics;
using MindMuscle.Live.Bench.Load.Hosting;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>
/// One second of a run's window: the sensor -> coach latencies that arrived in it (how many, how many over
/// <see cref="LatencySeconds.TailBound"/>, the longest) beside the hub's GC pauses that started in it and the
/// generator's GC pause, loop lag and pool delay in its probe second nearest to it: where a tail came from.
/// </summary>
internal sealed record RunSecond(
    int Second, long Samples, long OverTail, double MaxMs, double HubGcPauseMs, double GenGcPauseMs, double GenLoopLagMs, double GenPoolDelayMs)
{
    public static IReadOnlyList<RunSecond> Of(
        LatencySeconds? latencies, IReadOnlyList<GeneratorSecond> generator, GcWatcher? hubGc, long windowStart, long windowEnd)
    {
        if (latencies is null)
        {
            return [];
        }

        var first = (int)((windowStart - latencies.StartTicks) / Stopwatch.Frequency);
        var last = (int)((windowEnd - latencies.StartTicks) / Stopwatch.Frequency);
        var hubPauses = hubGc?.PauseMsBySecond(latencies.StartTicks, last + 1) ?? [];
        var seconds = new List<RunSecond>();
        for (var k = first; k <= last; k++)
        {
            var (count, tail, max) = latencies.Second(k);
            var end = latencies.StartTicks + ((k + 1) * Stopwatch.Frequency);
            var gen = generator.Count == 0 ? null : generator.MinBy(g => Math.Abs(g.EndedAt - end));
            seconds.Add(new RunSecond(
                k - first, count, tail, max, k < hubPauses.Length ? hubPauses[k] : 0, gen?.GcPauseMs ?? 0, gen?.LoopLagMaxMs ?? 0, gen?.PoolDelayMaxMs ?? 0));
        }

        return seconds;
    }
}
