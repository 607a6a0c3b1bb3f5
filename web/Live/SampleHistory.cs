using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// One runner's recent samples in seq order, bounded by time (the sparkline's window), so a page left open for hours
/// holds minutes of data. Samples read back from the recording after a gap merge in by seq: no hole stays behind.
/// </summary>
public sealed class SampleHistory(TimeSpan window)
{
    /// <summary>Points a sparkline draws at most: the window is bucketed, whatever the sample rate.</summary>
    public const int SparkPoints = 60;

    private readonly List<MetricSample> _samples = [];

    /// <summary>Goes up when a sample is inserted before the newest (a read-back): the cached sparkline is then redrawn.</summary>
    private int _insertions;
    private (SparkMetric Metric, long Bucket, int Insertions, int Width, int Height) _cachedKey = (default, long.MinValue, -1, 0, 0);
    private string _cached = "";

    public int Count => _samples.Count;

    public TimeSpan Window => window;

    public IReadOnlyList<MetricSample> Samples => _samples;

    /// <summary>Adds a sample (live: appended; read back: inserted at its seq; a seq already held: ignored).</summary>
    public void Add(MetricSample sample)
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

            if (metric.Read(sample) is not { } value || !double.IsFinite(value))
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
