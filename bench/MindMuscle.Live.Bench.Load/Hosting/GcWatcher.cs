using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using MindMuscle.Live.Bench.Load.Clients;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// Counts the hub's garbage collections by generation from outside, over the runtime's diagnostics port (EventPipe,
/// GC keyword, GCStart events): what dotnet-counters would show, without it being installed and without hub code.
/// </summary>
internal sealed class GcWatcher : IDisposable
{
    private readonly EventPipeReader _reader;
    private readonly long[] _byGeneration = new long[3];
    private readonly Lock _gate = new();
    private readonly List<(long At, double Ms)> _pauses = [];
    private readonly List<(long At, long Promoted, long Gen1, long Gen2)> _heaps = [];
    private double _suspendedAtMs = -1;

    private GcWatcher(EventPipeSession session) => _reader = new EventPipeReader(session, Subscribe);

    /// <summary>Whether a SuspendEE of this reason is a GC's (its pause), rather than another suspension of the runtime.</summary>
    internal static bool IsForGc(GCSuspendEEReason reason) =>
        reason is GCSuspendEEReason.SuspendForGC or GCSuspendEEReason.SuspendForGCPrep;

    /// <summary>Whether the events are read on a thread-pool thread (null until reading started): they must not be.</summary>
    internal bool? ProcessesOnPoolThread => _reader.ProcessesOnPoolThread;

    private void Subscribe(EventPipeEventSource source)
    {
        source.Clr.GCStart += e =>
        {
            var generation = Math.Clamp(e.Depth, 0, 2);
            Interlocked.Increment(ref _byGeneration[generation]);
        };

        // A pause is the runtime suspended for a GC: SuspendEE start -> RestartEE stop (every thread of the hub waits).
        // After each GC: what it promoted (what its pause had to mark and copy) and the generations' sizes.
        source.Clr.GCHeapStats += e =>
        {
            lock (_gate)
            {
                _heaps.Add((System.Diagnostics.Stopwatch.GetTimestamp(), e.TotalPromotedSize0 + e.TotalPromotedSize1, e.GenerationSize1, e.GenerationSize2));
            }
        };

        // Its start is placed on this process's Stopwatch through the event's wall-clock time (same machine, same clock).
        var baseTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        var baseUtc = DateTime.UtcNow;
        // The runtime also suspends for other reasons (tiered compilation's call counting, a debugger): not a GC pause.
        source.Clr.GCSuspendEEStart += e => _suspendedAtMs = IsForGc(e.Reason) ? e.TimeStampRelativeMSec : -1;
        source.Clr.GCRestartEEStop += e =>
        {
            if (_suspendedAtMs >= 0)
            {
                var pause = e.TimeStampRelativeMSec - _suspendedAtMs;
                _suspendedAtMs = -1;
                var endedAfter = (e.TimeStamp.ToUniversalTime() - baseUtc).TotalSeconds;
                var startedAt = baseTicks + (long)((endedAfter - (pause / 1000)) * System.Diagnostics.Stopwatch.Frequency);
                lock (_gate)
                {
                    _pauses.Add((startedAt, pause));
                }
            }
        };
    }

    /// <summary>Attaches to a .NET process; null when its diagnostics port is not reachable.</summary>
    public static GcWatcher? TryAttach(int pid)
    {
        try
        {
            var client = new DiagnosticsClient(pid);
            var providers = new[]
            {
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
            };
            return new GcWatcher(client.StartEventPipeSession(providers, requestRundown: false, circularBufferMB: 16));
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public GcSnapshot Snapshot() =>
        new(Interlocked.Read(ref _byGeneration[0]), Interlocked.Read(ref _byGeneration[1]), Interlocked.Read(ref _byGeneration[2]));

    /// <summary>The hub's GC pauses that started between two Stopwatch instants.</summary>
    public GcPauses PausesBetween(long from, long to)
    {
        lock (_gate)
        {
            return GcPauses.Of(_pauses.Where(p => p.At >= from && p.At <= to).Select(p => p.Ms));
        }
    }

    /// <summary>
    /// The GCs whose heap statistics arrived between two Stopwatch instants (within about a second of the GC): bytes
    /// promoted per GC (median, largest) and the gen1 and gen2 sizes after the last one, MB.
    /// </summary>
    public GcHeap HeapBetween(long from, long to)
    {
        lock (_gate)
        {
            var heaps = _heaps.Where(h => h.At >= from && h.At <= to).ToArray();
            var promoted = heaps.Select(h => h.Promoted / 1048576.0).Order().ToArray();
            return new GcHeap(
                heaps.Length,
                promoted.Length == 0 ? 0 : Math.Round(promoted[promoted.Length / 2], 2),
                promoted.Length == 0 ? 0 : Math.Round(promoted[^1], 2),
                heaps.Length == 0 ? 0 : Math.Round(heaps[^1].Gen1 / 1048576.0, 1),
                heaps.Length == 0 ? 0 : Math.Round(heaps[^1].Gen2 / 1048576.0, 1));
        }
    }

    /// <summary>Every pause so far as (start, end) Stopwatch instants, by start.</summary>
    public IReadOnlyList<(long Start, long End)> PauseWindows()
    {
        lock (_gate)
        {
            return [.. _pauses.Select(p => (p.At, p.At + (long)(p.Ms / 1000 * System.Diagnostics.Stopwatch.Frequency))).OrderBy(p => p.Item1)];
        }
    }

    /// <summary>Milliseconds of GC pause that started in each second from <paramref name="startTicks"/>, for <paramref name="seconds"/> seconds.</summary>
    public double[] PauseMsBySecond(long startTicks, int seconds)
    {
        var bySecond = new double[Math.Max(0, seconds)];
        lock (_gate)
        {
            foreach (var (at, ms) in _pauses)
            {
                var second = (at - startTicks) / System.Diagnostics.Stopwatch.Frequency;
                if (at >= startTicks && second < bySecond.Length)
                {
                    bySecond[second] = Math.Round(bySecond[second] + ms, 1);
                }
            }
        }

        return bySecond;
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>A process's GC pauses over a window: how many, their total, the longest and the 99th percentile, ms.</summary>
internal sealed record GcPauses(int Count, double TotalMs, double MaxMs, double P99Ms)
{
    /// <summary>
    /// Summarises pauses, ms. Every figure is rounded to the same 0.01 ms: rounding is monotonic, so the total never
    /// reads below the longest (a single 1.23 ms pause once read "1.2 ms in all, longest 1.23 ms").
    /// </summary>
    public static GcPauses Of(IEnumerable<double> pausesMs)
    {
        var pauses = pausesMs.Order().ToArray();
        return new GcPauses(
            pauses.Length,
            Math.Round(pauses.Sum(), 2),
            pauses.Length == 0 ? 0 : Math.Round(pauses[^1], 2),
            pauses.Length == 0 ? 0 : Math.Round(pauses[Math.Min(pauses.Length - 1, (int)(pauses.Length * 0.99))], 2));
    }

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"{Count} pauses, {TotalMs} ms in all, longest {MaxMs} ms, p99 {P99Ms} ms");
}

/// <summary>A process's GCs over a window: how many, MB promoted per GC (median, largest), gen1 and gen2 MB after the last.</summary>
internal sealed record GcHeap(int Count, double PromotedMbP50, double PromotedMbMax, double Gen1Mb, double Gen2Mb)
{
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"promoted per GC p50 {PromotedMbP50} MB, max {PromotedMbMax} MB; gen1 {Gen1Mb} MB, gen2 {Gen2Mb} MB after the last");
}
