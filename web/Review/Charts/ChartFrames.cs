using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Review.Charts;

/// <summary>What a chart shows besides the lines: the alerts to shade, the cues and markers to mark.</summary>
public sealed record ChartOverlays(
    IReadOnlyList<FormAlert> Alerts, IReadOnlyList<CueUpdate> Cues, IReadOnlyList<SessionMarker> Markers)
{
    public static readonly ChartOverlays None = new([], [], []);
}

/// <summary>
/// Turns the hub's reduced series into <see cref="ChartFrame"/>s: runners' buckets aligned on one x axis (a runner
/// without a bucket at an instant gets a gap, never a zero), alerts as spans, cues and markers as marks.
/// </summary>
public static class ChartFrames
{
    /// <summary>High-contrast line colours in sunlight, one per runner in the order shown.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#0033cc", "#c00000", "#00802b", "#7a00cc", "#b35900", "#007a7a", "#cc0077", "#4d4d4d"];

    private const string CueColor = "#0033cc";
    private const string MarkerColor = "#000000";

    /// <summary>The colour of the runner at <paramref name="index"/> of the chart's runners.</summary>
    public static string ColorOf(int index) => Palette[index % Palette.Count];

    /// <summary>One frame with every runner of <paramref name="series"/> (overlay), or one per runner (multiples).</summary>
    public static IReadOnlyList<ChartFrame> Build(
        ChartMode mode, ChartMetric metric, IReadOnlyList<RunnerSeries> series, IReadOnlyDictionary<string, string> names,
        ChartOverlays overlays, ChartRange range, long originMs)
    {
        ArgumentNullException.ThrowIfNull(series);
        var colored = series.Select((s, i) => (Series: s, Color: ColorOf(i))).ToArray();
        return mode == ChartMode.Overlay
            ? [Frame(metric, colored, names, overlays, range, originMs)]
            : [.. colored.Select(c => Frame(metric, [c], names, overlays, range, originMs))];
    }

    /// <summary>The alert spans of these runners that show in the range (an open alert runs to the range's end).</summary>
    public static ChartSpan[] Spans(IReadOnlyList<FormAlert> alerts, IReadOnlyCollection<string> runnerIds, IReadOnlyDictionary<string, string> names, long rangeFrom, long rangeTo)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return
        [
            .. alerts
                .Where(a => runnerIds.Contains(a.RunnerId))
                .Select(a => (Alert: a, To: a.ClearedAt ?? Math.Max(rangeTo, a.StartedAt)))
                .Where(a => a.To >= rangeFrom && a.Alert.StartedAt <= rangeTo)
                .OrderBy(a => a.Alert.StartedAt)
                .Select(a => new ChartSpan(
                    a.Alert.StartedAt / 1000.0, a.To / 1000.0, SpanColor(a.Alert.Severity), AlertKindNames.Of(a.Alert.Kind), a.Alert.RunnerId,
                    a.Alert.StartedAt, a.To, $"{LiveWords.Label(a.Alert.Kind)}, {NameOf(names, a.Alert.RunnerId)}")),
        ];
    }

    private static ChartFrame Frame(
        ChartMetric metric, IReadOnlyList<(RunnerSeries Series, string Color)> lines, IReadOnlyDictionary<string, string> names,
        ChartOverlays overlays, ChartRange range, long originMs)
    {
        var times = lines.SelectMany(l => l.Series.Points.Select(p => p.T)).Distinct().Order().ToArray();
        var index = new Dictionary<long, int>(times.Length);
        for (var i = 0; i < times.Length; i++)
        {
            index[times[i]] = i;
        }

        var chartLines = lines.Select(l => Line(metric, l.Series, l.Color, names, times.Length, index)).ToArray();
        var runnerIds = lines.Select(l => l.Series.RunnerId).ToHashSet(StringComparer.Ordinal);
        var from = range.From ?? (times.Length > 0 ? times[0] : originMs);
        // A bucket's t is its start: the data runs to the end of the last bucket (an alert raised on the last sample
        // is inside it).
        var to = range.To ?? (times.Length > 0 ? times[^1] + BucketWidth(times) : originMs);
        // Unzoomed, an alert raised after the last recorded bucket (samples still on their way into the recording)
        // is still shown.
        if (range.To is null && times.Length > 0)
        {
            to = Math.Max(to, overlays.Alerts.Where(a => runnerIds.Contains(a.RunnerId)).Select(a => a.StartedAt).DefaultIfEmpty(to).Max());
        }

        return new ChartFrame
        {
            X = [.. times.Select(t => t / 1000.0)],
            Series = chartLines,
            Spans = Spans(overlays.Alerts, runnerIds, names, from, to),
            Marks = Marks(overlays, runnerIds, from, to),
            Format = metric.IsPace ? "pace" : "number",
            Unit = metric.IsPace ? "" : metric.Unit,
            Decimals = metric.Decimals,
            OriginS = originMs / 1000.0,
            XMin = range.From / 1000.0,
            XMax = range.To is null && times.Length == 0 ? null : to / 1000.0,
        };
    }

    /// <summary>The buckets' width: their starts lie on one grid, so the closest two are one width apart.</summary>
    private static long BucketWidth(long[] times)
    {
        var width = long.MaxValue;
        for (var i = 1; i < times.Length; i++)
        {
            width = Math.Min(width, times[i] - times[i - 1]);
        }

        return width == long.MaxValue ? 0 : width;
    }

    private static ChartLine Line(
        ChartMetric metric, RunnerSeries series, string color, IReadOnlyDictionary<string, string> names, int length, Dictionary<long, int> index)
    {
        var mean = new double?[length];
        var min = new double?[length];
        var max = new double?[length];
        foreach (var point in series.Points)
        {
            var i = index[point.T];
            mean[i] = metric.ToPlotted(point.Mean);
            // Pace runs the other way from speed: the slowest speed is the highest pace.
            var low = metric.ToPlotted(metric.IsPace ? point.Max : point.Min);
            var high = metric.ToPlotted(metric.IsPace ? point.Min : point.Max);
            min[i] = low;
            max[i] = high ?? (metric.IsPace ? low : null);
        }

        return new ChartLine(series.RunnerId, NameOf(names, series.RunnerId), color, mean, min, max);
    }

    private static ChartMark[] Marks(ChartOverlays overlays, HashSet<string> runnerIds, long from, long to)
    {
        var cues = overlays.Cues
            .Where(c => runnerIds.Contains(c.RunnerId) && c.IssuedAt >= from && c.IssuedAt <= to)
            .Select(c => new ChartMark(c.IssuedAt / 1000.0, CueColor, Dashed: false, "Cue: " + c.Text));
        var markers = overlays.Markers
            .Where(m => (m.RunnerId is null || runnerIds.Contains(m.RunnerId)) && m.At >= from && m.At <= to)
            .Select(m => new ChartMark(m.At / 1000.0, MarkerColor, Dashed: true, LiveWords.Label(m.Kind) + (m.Text is { Length: > 0 } t ? ": " + t : "")));
        return [.. cues.Concat(markers).OrderBy(m => m.T)];
    }

    private static string SpanColor(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "rgba(176, 0, 0, 0.22)",
        AlertSeverity.Warning => "rgba(255, 176, 0, 0.30)",
        _ => "rgba(0, 51, 204, 0.14)",
    };

    private static string NameOf(IReadOnlyDictionary<string, string> names, string runnerId) =>
        names.TryGetValue(runnerId, out var name) && name.Length > 0 ? name : runnerId;
}
