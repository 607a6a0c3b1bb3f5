using System.Collections.Frozen;
using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Alerts.Rules;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using ScottPlot;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>A chart a runner's section shows: one metric (or two on two axes) over the session.</summary>
internal sealed record ChartMetric(string Key, string Title, string Unit, Func<MetricSample, double?> Value,
    string? SecondUnit = null, Func<MetricSample, double?>? Second = null, string? SecondTitle = null);

/// <summary>Draws the report's charts with ScottPlot to SVG: time series with alert spans shaded and cue markers, and group dot plots.</summary>
internal static partial class ReportCharts
{
    public const int Width = 900;
    public const int Height = 240;

    /// <summary>At most this many points per series: a 2-hour session at 4 Hz would otherwise make megabytes of SVG per chart.</summary>
    public const int MaxPoints = 600;

    // Parsed once from the rules: a report shades a span per alert on every chart.
    private static readonly FrozenDictionary<AlertKind, Color> AlertColors =
        AlertRules.Default.ToFrozenDictionary(r => r.Kind, r => Color.FromHex(r.ChartColor));

    public static IReadOnlyList<ChartMetric> Metrics { get; } =
    [
        new("cadence", "Cadence", "spm", s => s.CadenceSpm),
        new("heartRate", "Heart rate", "bpm", s => s.HeartRateBpm),
        new("stride", "Stride length", "m", s => s.StrideLengthM),
        new("gctVo", "Ground contact", "ms", s => s.GroundContactMs, "cm", s => s.VerticalOscillationCm, "Vertical oscillation"),
        new("balance", "Ground-contact balance", "% left", s => s.GctBalanceLeftPct),
    ];

    /// <summary>The rule's chart colour (<see cref="AlertRule.ChartColor"/>).</summary>
    public static Color AlertColor(AlertKind kind) => AlertColors.GetValueOrDefault(kind, Colors.Orange);

    /// <summary>Minutes since <paramref name="startMs"/> on x; returns the SVG, prefixed so several can share one HTML page.</summary>
    public static string TimeSeries(ChartMetric metric, IReadOnlyList<MetricSample> samples, IReadOnlyList<FormAlert> alerts,
        IReadOnlyList<CueUpdate> cues, long startMs, long endMs, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(cues);
        var plot = new Plot();
        plot.Title(metric.SecondTitle is null ? metric.Title : $"{metric.Title} / {metric.SecondTitle}");
        plot.XLabel("minutes");
        plot.YLabel($"{metric.Title} ({metric.Unit})");

        foreach (var alert in alerts)
        {
            var span = plot.Add.HorizontalSpan(Minutes(alert.StartedAt, startMs), Minutes(alert.ClearedAt ?? endMs, startMs));
            span.FillStyle.Color = AlertColor(alert.Kind).WithAlpha(0.18);
            span.LineStyle.Width = 0;
            span.LegendText = "";
        }

        var (xs, ys) = Series(samples, metric.Value, startMs);
        if (xs.Length > 0)
        {
            var line = plot.Add.ScatterLine(xs, ys);
            line.Color = Colors.SteelBlue;
            line.LineWidth = 1.5f;
            line.LegendText = metric.Title;
        }

        if (metric.Second is not null)
        {
            var (xs2, ys2) = Series(samples, metric.Second, startMs);
            if (xs2.Length > 0)
            {
                var line = plot.Add.ScatterLine(xs2, ys2);
                line.Color = Colors.DarkOrange;
                line.LineWidth = 1.5f;
                line.LegendText = metric.SecondTitle ?? metric.Key;
                line.Axes.YAxis = plot.Axes.Right;
                plot.Axes.Right.Label.Text = $"{metric.SecondTitle} ({metric.SecondUnit})";
            }
        }

        foreach (var cue in cues)
        {
            var marker = plot.Add.VerticalLine(Minutes(cue.IssuedAt, startMs));
            marker.Color = cue.Status == CueStatus.Spoken ? Colors.SeaGreen : Colors.Gray;
            marker.LinePattern = LinePattern.Dashed;
            marker.LineWidth = 1;
        }

        if (xs.Length > 0 || metric.Second is not null)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        plot.Axes.SetLimitsX(0, Math.Max(0.1, Minutes(endMs, startMs)));
        return Prefix(plot.GetSvgXml(Width, Height), idPrefix);
    }

    /// <summary>
    /// One dot per runner on a metric's session average, with the group's mean as a dashed line. Dots, not bars: a bar's
    /// length must start at zero, which flattens cadences of 170-185 spm into equal bars; a dot's position needs no zero,
    /// so the axis can zoom on the spread honestly.
    /// </summary>
    public static string GroupDots(string title, string unit, IReadOnlyList<(string Name, double? Value)> runners, string idPrefix)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(unit);
        var present = runners.Select((r, i) => (Position: (double)i, r.Value)).Where(r => r.Value is { } v && double.IsFinite(v)).ToList();
        if (present.Count > 0)
        {
            var mean = present.Average(p => p.Value!.Value);
            var line = plot.Add.HorizontalLine(mean);
            line.Color = Colors.Gray;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
            line.LegendText = F($"group mean {mean:0}");
            var dots = plot.Add.ScatterPoints(present.Select(p => p.Position).ToArray(), present.Select(p => p.Value!.Value).ToArray());
            dots.Color = Colors.SteelBlue;
            dots.MarkerSize = 9;
            dots.MarkerShape = MarkerShape.FilledCircle;
            var min = present.Min(p => p.Value!.Value);
            var max = present.Max(p => p.Value!.Value);
            var pad = Math.Max(1, (max - min) * 0.2);
            plot.Axes.SetLimitsY(min - pad, max + pad);
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.Axes.Bottom.SetTicks([.. runners.Select((_, i) => (double)i)], [.. runners.Select(r => r.Name)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = runners.Count > 12 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = runners.Count > 12 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.SetLimitsX(-0.7, runners.Count - 0.3);
        return Prefix(plot.GetSvgXml(Math.Max(Width, runners.Count * 22), Height + 80), idPrefix);
    }

    private static string F(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static double Minutes(long atMs, long startMs) => (atMs - startMs) / 60_000.0;

    /// <summary>The metric's points (minutes, value), averaged into at most <see cref="MaxPoints"/> buckets.</summary>
    public static (double[] Xs, double[] Ys) Series(IReadOnlyList<MetricSample> samples, Func<MetricSample, double?> value, long startMs)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(value);
        var points = samples.Select(s => (s.ObservedAt, V: value(s))).Where(p => p.V is { } v && double.IsFinite(v)).ToList();
        if (points.Count <= MaxPoints)
        {
            return ([.. points.Select(p => Minutes(p.ObservedAt, startMs))], [.. points.Select(p => p.V!.Value)]);
        }

        var per = (int)Math.Ceiling(points.Count / (double)MaxPoints);
        var chunks = points.Chunk(per).ToList();
        return ([.. chunks.Select(c => Minutes((long)c.Average(p => p.ObservedAt), startMs))], [.. chunks.Select(c => c.Average(p => p.V!.Value))]);
    }

    /// <summary>Makes the SVG's ids unique on the page (clip paths of one chart must not clip another).</summary>
    public static string Prefix(string svg, string prefix)
    {
        ArgumentNullException.ThrowIfNull(svg);
        svg = IdAttribute().Replace(svg, m => $"id=\"{prefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        return HrefReference().Replace(svg, m => $"href=\"#{prefix}{m.Groups[1].Value}\"");
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
