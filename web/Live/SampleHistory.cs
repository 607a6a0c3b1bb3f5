using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// One runner's recent samples in seq order, bounded by time (the sparkline's window), so a page left open for hours
/// holds minutes of data. Samples read back from the recording after a gap merge in by seq: no hole stays behind.
/// </summary>
/// <remarks>
/// Held as <see cref="HistoryPoint"/> values in one array per runner, not as the samples: a sample kept for minutes
/// outlives the young generation, and thousands of them dying old every minute grew the WebAssembly memory, which
/// never shrinks.
/// </remarks>
public sealed class SampleHistory(TimeSpan window)
{
    /// <summary>Points a sparkline draws at most: the window is bucketed, whatever the sample rate.</summary>
    public const int SparkPoints = 60;

    private readonly List<HistoryPoint> _samples = [];

    /// <summary>Goes up when a sample is inserted before the newest (a read-back): the cached sparkline is then redrawn.</summary>
    private int _insertions;
    private (SparkMetric Metric, long Bucket, int Insertions, int Width, int Height) _cachedKey = (default, long.MinValue, -1, 0, 0);
    private string _cached = "";

    public int Count => _samples.Count;

    public TimeSpan Window => window;

    /// <summary>What is held of each sample, oldest first.</summary>
    public IReadOnlyList<HistoryPoint> Points => _samples;

    /// <summary>Adds a sample (live: appended; read back: inserted at its seq; a seq already held: ignored).</summary>
    public void Add(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Add(HistoryPoint.Of(sample));
    }

    private void Add(HistoryPoint sample)
    {
        var count = _samples.Count;
        if (count == 0 || _samples[count - 1].Seq < sample.Seq)
        {
            _samples.Add(sample);
        }
        else
        {
            var index = BinarySearch(sample.Seq);
            if (index >= 0)
            {
                return;
            }

            _samples.Insert(~index, sample);
            _insertions++;
        }

        Trim();
    }

    /// <summary>
    /// The sparkline as SVG polyline points in a <paramref name="width"/> x <paramref name="height"/> box (whole pixels):
    /// the window up to the newest sample in <see cref="SparkPoints"/> time buckets (mean per bucket), scaled to the
    /// values' range. Drawn again only when the newest sample enters a new bucket, the metric changes or a read-back
    /// lands: a tile renders at the sample rate, its sparkline moves one bucket at a time.
    /// </summary>
    public string SparklinePoints(SparkMetric metric, int width, int height)
    {
        if (_samples.Count == 0)
        {
            return "";
        }

        var windowMs = Math.Max(SparkPoints, (long)window.TotalMilliseconds);
        var bucketMs = windowMs / SparkPoints;
        var key = (metric, _samples[^1].ObservedAt / bucketMs, _insertions, width, height);
        if (key == _cachedKey)
        {
            return _cached;
        }

        _cached = Draw(metric, width, height, (key.Item2 + 1) * bucketMs, windowMs);
        _cachedKey = key;
        return _cached;
    }

    private string Draw(SparkMetric metric, int width, int height, long end, long windowMs)
    {
        Span<double> sums = stackalloc double[SparkPoints];
        Span<int> counts = stackalloc int[SparkPoints];
        var start = end - windowMs;
        for (var i = _samples.Count - 1; i >= 0; i--)
        {
            var sample = _samples[i];
            if (sample.ObservedAt < start)
            {
                break;
            }

            var value = sample.Read(metric);
            if (!float.IsFinite(value))
            {
                continue;
            }

            var bucket = (int)Math.Clamp((sample.ObservedAt - start) * SparkPoints / windowMs, 0, SparkPoints - 1);
            sums[bucket] += value;
            counts[bucket]++;
        }

        double min = double.MaxValue, max = double.MinValue;
        for (var b = 0; b < SparkPoints; b++)
        {
            if (counts[b] > 0)
            {
                var mean = sums[b] / counts[b];
                sums[b] = mean;
                min = Math.Min(min, mean);
                max = Math.Max(max, mean);
            }
        }

        if (min > max)
        {
            return "";
        }

        var range = max - min < 1e-9 ? 1 : max - min;
        var text = new StringBuilder(SparkPoints * 8);
        for (var b = 0; b < SparkPoints; b++)
        {
            if (counts[b] == 0)
            {
                continue;
            }

            // Whole pixels: integer formatting is cheap in the browser's interpreter, and a pixel is all a sparkline shows.
            var x = (int)Math.Round(b * (double)width / (SparkPoints - 1));
            var y = (int)Math.Round(height - 1 - ((sums[b] - min) / range * (height - 2)));
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(x.ToString(CultureInfo.InvariantCulture)).Append(',').Append(y.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private void Trim()
    {
        var newest = _samples[^1].ObservedAt;
        var cutoff = newest - (long)window.TotalMilliseconds;
        var drop = 0;
        while (drop < _samples.Count - 1 && _samples[drop].ObservedAt < cutoff)
        {
            drop++;
        }

        if (drop > 0)
        {
            _samples.RemoveRange(0, drop);
        }
    }

    private int BinarySearch(long seq)
    {
        int lo = 0, hi = _samples.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var at = _samples[mid].Seq;
            if (at == seq)
            {
                return mid;
            }

            if (at < seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}

/// <summary>
/// What the history keeps of a sample: its seq and time, and the metrics a sparkline can draw (NaN: not in the sample).
/// Single precision is plenty for a line 18 pixels high.
/// </summary>
public readonly record struct HistoryPoint(
    long Seq, long ObservedAt, float HeartRate, float Cadence, float Speed, float GroundContact, float Balance, float Power,
    float Stride, float VerticalOscillation)
{
    public static HistoryPoint Of(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new HistoryPoint(
            sample.Seq, sample.ObservedAt, F(sample.HeartRateBpm), F(sample.CadenceSpm), F(sample.SpeedMps), F(sample.GroundContactMs),
            F(sample.GctBalanceLeftPct), F(sample.PowerW), F(sample.StrideLengthM), F(sample.VerticalOscillationCm));
    }

    public float Read(SparkMetric metric) => metric switch
    {
        SparkMetric.HeartRate => HeartRate,
        SparkMetric.Cadence => Cadence,
        SparkMetric.Speed => Speed,
        SparkMetric.GroundContact => GroundContact,
        SparkMetric.Balance => Balance,
        SparkMetric.Power => Power,
        SparkMetric.Stride => Stride,
        _ => VerticalOscillation,
    };

    private static float F(double? value) => value is { } v ? (float)v : float.NaN;
}
