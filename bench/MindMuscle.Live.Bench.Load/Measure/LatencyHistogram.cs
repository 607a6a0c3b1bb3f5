using HdrHistogram;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>Latencies in microseconds, 3 significant digits, up to 10 minutes (an HdrHistogram, thread-safe).</summary>
internal sealed class LatencyHistogram
{
    private const long HighestMicros = 600_000_000;
    private readonly LongConcurrentHistogram _histogram = new(1, HighestMicros, 3);

    public long Count => _histogram.TotalCount;

    public void RecordTicks(long stopwatchTicks) =>
        _histogram.RecordValue(Math.Clamp(stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency, 1, HighestMicros));

    public void Add(LatencyHistogram other) => _histogram.Add(other.Snapshot());

    /// <summary>Percentiles of a copy: HdrHistogram's iterators throw if a value is recorded while they run.</summary>
    public LatencySummary Summary()
    {
        var copy = Snapshot();
        return copy.TotalCount == 0
            ? new LatencySummary(0, null, null, null, null)
            : new LatencySummary(
                copy.TotalCount,
                Ms(copy.GetValueAtPercentile(50)),
                Ms(copy.GetValueAtPercentile(95)),
                Ms(copy.GetValueAtPercentile(99)),
                Ms(copy.GetMaxValue()));
    }

    private HistogramBase Snapshot()
    {
        // A late ack or frame may still be recorded while draining timed out; retry the copy until it is consistent.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return _histogram.Copy();
            }
            catch (InvalidOperationException) when (attempt < 100)
            {
                Thread.Yield();
            }
        }
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);
}

/// <summary>Percentiles in milliseconds (null when nothing was recorded).</summary>
internal sealed record LatencySummary(long Count, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs);
