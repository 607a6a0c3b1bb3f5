using System.Reflection;
using System.Text.Json.Serialization;
using CsCheck;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>A generated series case: one metric of a few runners' samples, and a range and point count to reduce them to.</summary>
internal sealed record SeriesCase(string Metric, (string RunnerId, MetricSample[] Samples)[] Runners, long From, long To, int Points);

/// <summary>Generated recordings for the series property, and the buckets they must give computed from the samples alone.</summary>
internal static class SeriesModel
{
    private const long Start = 1_764_000_000_000;

    private static readonly string[] IntegerMetrics = ["heartRateBpm", "powerW", "batteryPct"];

    /// <summary>Values with ties, negatives and fractions; integers for the integer columns; null (no reading) often.</summary>
    private static Gen<double?> ValuesOf(string metric) => IntegerMetrics.Contains(metric)
        ? Gen.Int[0, 250].Select(v => (double)v).Nullable(0.2)
        : Gen.OneOf(Gen.Double[-1e4, 1e4], Gen.Int[-5, 5].Select(v => v * 0.5), Gen.Const(178.0)).Nullable(0.2);

    /// <summary>One runner's samples: seqs counting up, observedAt on a jittered 250 ms grid whose clock sometimes steps back.</summary>
    private static Gen<MetricSample[]> RunnerSamples(string metric) =>
        Gen.Select(Gen.Int[-600, 900], ValuesOf(metric)).Array[0, 120].Select(steps =>
        {
            var samples = new MetricSample[steps.Length];
            var at = Start;
            for (var i = 0; i < steps.Length; i++)
            {
                at += steps[i].Item1;
                samples[i] = With(new MetricSample { Seq = i + 1, ObservedAt = at }, metric, steps[i].Item2);
            }

            return samples;
        });

    public static readonly Gen<SeriesCase> Cases =
        Gen.Int[0, SampleMetrics.Names.Count - 1].Select(i => SampleMetrics.Names[i]).SelectMany(metric =>
            Gen.Select(RunnerSamples(metric).Array[1, 3], Gen.Long[-5_000, 60_000], Gen.Long[0, 120_000],
                Gen.OneOf(Gen.Int[1, 12], Gen.Int[1, RunnerSeries.MaxPoints]),
                (runners, from, length, points) => new SeriesCase(
                    metric, [.. runners.Select((s, i) => ($"r-{i}", s))], Start + from, Start + from + length, points)));

    /// <summary>Width of the buckets: the smallest whole millisecond count that fits the range in <c>points</c> buckets.</summary>
    public static long Width(SeriesCase c) => (c.To - c.From + c.Points) / c.Points;

    /// <summary>The buckets of one runner computed from its samples: start, min, max, mean, count.</summary>
    public static SeriesPoint[] Buckets(SeriesCase c, MetricSample[] samples)
    {
        var width = Width(c);
        return [.. samples
            .Where(s => s.ObservedAt >= c.From && s.ObservedAt <= c.To && Value(s, c.Metric) is not null)
            .GroupBy(s => (s.ObservedAt - c.From) / width)
            .OrderBy(g => g.Key)
            .Select(g => new SeriesPoint
            {
                T = c.From + (g.Key * width),
                Min = g.Min(s => Value(s, c.Metric)!.Value),
                Max = g.Max(s => Value(s, c.Metric)!.Value),
                Mean = g.Average(s => Value(s, c.Metric)!.Value),
                N = g.Count(),
            })];
    }

    /// <summary>The metric's values of the samples observed in [from, to].</summary>
    public static double[] Raw(SeriesCase c, MetricSample[] samples) =>
        [.. samples.Where(s => s.ObservedAt >= c.From && s.ObservedAt <= c.To).Select(s => Value(s, c.Metric)).OfType<double>()];

    public static double? Value(MetricSample sample, string metric) => Property(metric).GetValue(sample) switch
    {
        int i => i,
        long l => l,
        double d => d,
        _ => null,
    };

    public static string Print(SeriesCase c) =>
        $"{c.Metric} from {c.From} to {c.To} points {c.Points}: " +
        string.Join("; ", c.Runners.Select(r => r.RunnerId + " " + string.Join(' ', r.Samples.Select(s => $"{s.ObservedAt - Start}={Value(s, c.Metric)}"))));

    private static MetricSample With(MetricSample sample, string metric, double? value)
    {
        var property = Property(metric);
        var underlying = Nullable.GetUnderlyingType(property.PropertyType)!;
        property.SetValue(sample, value is { } v ? Convert.ChangeType(v, underlying, System.Globalization.CultureInfo.InvariantCulture) : null);
        return sample;
    }

    private static PropertyInfo Property(string metric) =>
        typeof(MetricSample).GetProperties().Single(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == metric);
}
