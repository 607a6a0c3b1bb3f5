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

    public void Add(LatencyHistogram other) => _histogram.Add(other._histogram);

    public LatencySummary Summary() => Count == 0
        ? new LatencySummary(0, null, null, null, null)
        : new LatencySummary(
            Count,
            Ms(_histogram.GetValueAtPercentile(50)),
            Ms(_histogram.GetValueAtPercentile(95)),
            Ms(_histogram.GetValueAtPercentile(99)),
            Ms(_histogram.GetMaxValue()));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 2);
}

/// <summary>Percentiles in milliseconds (null when nothing was recorded).</summary>
internal sealed record LatencySummary(long Count, double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs);
