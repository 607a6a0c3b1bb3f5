using System.Diagnostics;
using System.Globalization;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>
/// The load generator's own health, second by second, so a run that fell behind says why: its GC pauses, its thread
/// pool (threads, queued work items, and how long a work item queued now waits before it runs) and how late its
/// publishing loop issued its samples. Runs on a dedicated thread, not the pool, so it keeps reporting while the pool
/// is starved; the publishing loop reports its lag through <see cref="LoopLag"/>.
/// </summary>
internal sealed class GeneratorProbe : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly Lock _gate = new();
    private readonly List<GeneratorSecond> _seconds = [];
    private readonly Thread _thread;
    private readonly long _start;
    private volatile bool _stopping;
    private long _probeQueuedAt;
    private long _poolDelayMaxTicks;
    private long _loopLagMaxTicks;

    public GeneratorProbe()
    {
        _start = Stopwatch.GetTimestamp();
        _thread = new Thread(Run) { IsBackground = true, Name = "MML generator probe" };
        _thread.Start();
    }

    /// <summary>The publishing loop was <paramref name="ticks"/> Stopwatch ticks behind its schedule just now.</summary>
    public void LoopLag(long ticks)
    {
        var current = Interlocked.Read(ref _loopLagMaxTicks);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref _loopLagMaxTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>The seconds that ended between two Stopwatch instants (a second belongs to the instant it ended at).</summary>
    public IReadOnlyList<GeneratorSecond> Between(long from, long to)
    {
        lock (_gate)
        {
            return [.. _seconds.Where(s => s.EndedAt > from && s.EndedAt <= to + Stopwatch.Frequency)];
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        var process = Process.GetCurrentProcess();
        var second = Stopwatch.GetTimestamp();
        var pause0 = GC.GetTotalPauseDuration();
        int[] gc0 = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var contention0 = Monitor.LockContentionCount;
        var completed0 = ThreadPool.CompletedWorkItemCount;
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        int threadsMin = int.MaxValue, threadsMax = 0;
        long queueMax = 0;
        while (!_stopping)
        {
            Thread.Sleep(Step);
            var now = Stopwatch.GetTimestamp();

            // One probe work item at a time: the wait of one still queued counts as it grows.
            var queuedAt = Interlocked.Read(ref _probeQueuedAt);
            if (queuedAt != 0)
            {
                Max(ref _poolDelayMaxTicks, now - queuedAt);
            }
            else
            {
                Interlocked.Exchange(ref _probeQueuedAt, now);
                ThreadPool.UnsafeQueueUserWorkItem(static probe => probe.ProbeRan(), this, preferLocal: false);
            }

            var threads = ThreadPool.ThreadCount;
            threadsMin = Math.Min(threadsMin, threads);
            threadsMax = Math.Max(threadsMax, threads);
            queueMax = Math.Max(queueMax, ThreadPool.PendingWorkItemCount);
            if (Stopwatch.GetElapsedTime(second, now) < TimeSpan.FromSeconds(1))
            {
                continue;
            }

            var pause = GC.GetTotalPauseDuration();
            int[] gc = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var contention = Monitor.LockContentionCount;
            var completed = ThreadPool.CompletedWorkItemCount;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var seconds = Stopwatch.GetElapsedTime(second, now).TotalSeconds;
            var last = GC.GetGCMemoryInfo(GCKind.Any);
            var record = new GeneratorSecond(
                EndedAt: now,
                AtSeconds: Math.Round(Stopwatch.GetElapsedTime(_start, now).TotalSeconds, 1),
                GcPauseMs: Math.Round((pause - pause0).TotalMilliseconds, 1),
                Gen0: gc[0] - gc0[0],
                Gen1: gc[1] - gc0[1],
                Gen2: gc[2] - gc0[2],
                PoolThreadsMin: threadsMin,
                PoolThreadsMax: threadsMax,
                PoolQueueMax: queueMax,
                PoolDelayMaxMs: Ms(Interlocked.Exchange(ref _poolDelayMaxTicks, 0)),
                PoolItemsPerSecond: Math.Round((completed - completed0) / seconds),
                LoopLagMaxMs: Ms(Interlocked.Exchange(ref _loopLagMaxTicks, 0)),
                LockContentions: contention - contention0,
                CpuPercent: Math.Round((cpu - cpu0).TotalSeconds / seconds * 100, 1),
                LastGcGeneration: last.Generation,
                LastGcPauseMs: last.PauseDurations.Length > 0 ? Math.Round(last.PauseDurations[0].TotalMilliseconds, 2) : 0,
                LastGcPromotedMb: Math.Round(last.PromotedBytes / 1048576.0, 1),
                HeapMb: Math.Round(last.HeapSizeBytes / 1048576.0, 1));
            lock (_gate)
            {
                _seconds.Add(record);
            }

            second = now;
            pause0 = pause;
            gc0 = gc;
            contention0 = contention;
            completed0 = completed;
            cpu0 = cpu;
            threadsMin = int.MaxValue;
            threadsMax = 0;
            queueMax = 0;
        }
    }

    private void ProbeRan()
    {
        var queuedAt = Interlocked.Exchange(ref _probeQueuedAt, 0);
        if (queuedAt != 0)
        {
            Max(ref _poolDelayMaxTicks, Stopwatch.GetTimestamp() - queuedAt);
        }
    }

    private static void Max(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 1);
}

/// <summary>
/// One second of the load generator's process: GC pause time and collections, its thread pool (threads, most work
/// items queued, the longest a probe work item waited to run, work items completed), how far its publishing loop fell
/// behind schedule at worst, monitor lock contentions, its CPU in percent of one core, and the last GC of the second
/// (its generation, pause, bytes it promoted: what a pause's length follows) with the heap size after it.
/// </summary>
internal sealed record GeneratorSecond(
    [property: System.Text.Json.Serialization.JsonIgnore] long EndedAt,
    double AtSeconds,
    double GcPauseMs,
    int Gen0,
    int Gen1,
    int Gen2,
    int PoolThreadsMin,
    int PoolThreadsMax,
    long PoolQueueMax,
    double PoolDelayMaxMs,
    double PoolItemsPerSecond,
    double LoopLagMaxMs,
    long LockContentions,
    double CpuPercent,
    int LastGcGeneration,
    double LastGcPauseMs,
    double LastGcPromotedMb,
    double HeapMb)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"t={AtSeconds}s lag {LoopLagMaxMs} ms, pool delay {PoolDelayMaxMs} ms, threads {PoolThreadsMin}-{PoolThreadsMax}, queue max {PoolQueueMax}, "
        + $"{PoolItemsPerSecond} items/s, GC pause {GcPauseMs} ms ({Gen0}/{Gen1}/{Gen2}), contentions {LockContentions}, CPU {CpuPercent} %; "
        + $"last GC gen{LastGcGeneration} paused {LastGcPauseMs} ms, promoted {LastGcPromotedMb} MB, heap {HeapMb} MB");
}

/// <summary>The generator's seconds over a run's window, summed up: what a run that fell behind is judged by.</summary>
internal sealed record GeneratorHealth(IReadOnlyList<GeneratorSecond> Seconds)
{
    public double GcPauseMsTotal => Math.Round(Seconds.Sum(s => s.GcPauseMs), 1);

    public double GcPauseMsMaxSecond => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.GcPauseMs);

    public double PoolDelayMaxMs => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.PoolDelayMaxMs);

    public long PoolQueueMax => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.PoolQueueMax);

    public int PoolThreadsMin => Seconds.Count == 0 ? 0 : Seconds.Min(s => s.PoolThreadsMin);

    public int PoolThreadsMax => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.PoolThreadsMax);

    public double LoopLagMaxMs => Seconds.Count == 0 ? 0 : Seconds.Max(s => s.LoopLagMaxMs);

    /// <summary>The second the publishing loop was furthest behind in.</summary>
    public GeneratorSecond? Worst => Seconds.OrderByDescending(s => s.LoopLagMaxMs).ThenByDescending(s => s.PoolDelayMaxMs).FirstOrDefault();

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"GC pause {GcPauseMsTotal} ms in {Seconds.Count} s (most in a second {GcPauseMsMaxSecond} ms); pool threads {PoolThreadsMin}-{PoolThreadsMax}, "
        + $"queue max {PoolQueueMax}, pool delay max {PoolDelayMaxMs} ms; loop lag max {LoopLagMaxMs} ms; worst second: {Worst?.ToString() ?? "-"}");
}
