using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>The last few minutes of one runner's metrics (sample time), for the sparkline.</summary>
internal sealed class MetricHistory(TimeSpan window)
{
    private readonly Queue<(long At, double Value)>[] _series =
        [.. Enumerable.Range(0, SparkMetrics.All.Count).Select(_ => new Queue<(long, double)>())];

    public TimeSpan Window => window;

    public long LatestAt { get; private set; }

    public void Add(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        foreach (var metric in SparkMetrics.All)
        {
            if (ValueOf(sample, metric) is { } value && double.IsFinite(value))
            {
                _series[(int)metric].Enqueue((sample.ObservedAt, value));
            }
        }

        LatestAt = Math.Max(LatestAt, sample.ObservedAt);
        var oldest = LatestAt - (long)window.TotalMilliseconds;
        foreach (var queue in _series)
        {
            while (queue.Count > 0 && queue.Peek().At < oldest)
            {
                queue.Dequeue();
            }
        }
    }

    public IReadOnlyCollection<(long At, double Value)> Points(SparkMetric metric) => _series[(int)metric];

    public static double? ValueOf(MetricSample sample, SparkMetric metric)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return metric switch
        {
            SparkMetric.Cadence => sample.CadenceSpm,
            SparkMetric.HeartRate => sample.HeartRateBpm,
            SparkMetric.Pace => sample.SpeedMps,
            SparkMetric.Stride => sample.StrideLengthM,
            SparkMetric.GroundContact => sample.GroundContactMs,
            SparkMetric.VerticalOscillation => sample.VerticalOscillationCm,
            SparkMetric.Power => sample.PowerW,
            SparkMetric.Balance => sample.GctBalanceLeftPct,
            _ => null,
        };
    }
}
