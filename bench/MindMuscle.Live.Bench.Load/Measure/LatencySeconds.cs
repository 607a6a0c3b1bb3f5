using System.Diagnostics;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>
/// Sensor -> coach latencies by the second they arrived in (from a start instant): how many, how many over a bound,
/// the longest. Lines a run's tail up with what happened in that second (a GC pause in the hub or the generator).
/// </summary>
internal sealed class LatencySeconds(long startTicks, int seconds)
{
    /// <summary>Seconds kept past the run, for the window's last samples still arriving as it closes.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    /// <summary>A latency over this counts as the tail of its second.</summary>
    public static readonly TimeSpan TailBound = TimeSpan.FromMilliseconds(25);

    private static readonly long TailTicks = (long)(TailBound.TotalSeconds * Stopwatch.Frequency);
    private readonly long[] _count = new long[seconds];
    private readonly long[] _tail = new long[seconds];
    private readonly long[] _max = new long[seconds];
    private readonly System.Collections.Concurrent.ConcurrentQueue<(long SentAt, long ArrivedAt)> _tails = new();
    private int _tailsKept;

    /// <summary>Most tail samples kept with their times (enough for a run; a broken one keeps the first).</summary>
    public const int MaxTailsKept = 1_000_000;

    /// <summary>Seconds to keep for a run of <paramref name="run"/> (warm-up + duration) from the start, plus <see cref="Margin"/>.</summary>
    public static int SecondsFor(TimeSpan run) => checked((int)Math.Ceiling((run + Margin).TotalSeconds));

    public long StartTicks => startTicks;

    /// <summary>The samples over <see cref="TailBound"/> (up to <see cref="MaxTailsKept"/>): when each was sent and arrived.</summary>
    public IReadOnlyCollection<(long SentAt, long ArrivedAt)> Tails => _tails;

    public void Record(long arrivedAt, long latencyTicks)
    {
        // Before the start is not second 0: the division truncates toward zero.
        var second = (arrivedAt - startTicks) / Stopwatch.Frequency;
        if (arrivedAt < startTicks || second >= _count.Length)
        {
            return;
        }

        Interlocked.Increment(ref _count[second]);
        if (latencyTicks > TailTicks)
        {
            Interlocked.Increment(ref _tail[second]);
            if (Interlocked.Increment(ref _tailsKept) <= MaxTailsKept)
            {
                _tails.Enqueue((arrivedAt - latencyTicks, arrivedAt));
            }
        }

        var current = Volatile.Read(ref _max[second]);
        while (latencyTicks > current)
        {
            var seen = Interlocked.CompareExchange(ref _max[second], latencyTicks, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }

    /// <summary>(samples, samples over <see cref="TailBound"/>, longest ms) of second <paramref name="second"/>.</summary>
    public (long Count, long Tail, double MaxMs) Second(int second) =>
        second < 0 || second >= _count.Length
            ? (0, 0, 0)
            : (Interlocked.Read(ref _count[second]), Interlocked.Read(ref _tail[second]), Math.Round(Interlocked.Read(ref _max[second]) * 1000.0 / Stopwatch.Frequency, 1));
}
