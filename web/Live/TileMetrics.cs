using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// A tile's metric cells as one HTML string. Every tile renders several times a second; as one markup block its
/// diff is a string comparison instead of some forty elements and attributes, which is what the browser's
/// interpreter spends its time on. Values are numbers and dashes, units are constants: nothing needs encoding.
/// Units are short (the balance "48/52" has none, the battery a bare "%"): two columns fit a 108 px tile; each cell's
/// tooltip names its metric.
/// </summary>
public static class TileMetrics
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    public static string Html(MetricSample? sample, bool compact)
    {
        var html = t_builder ??= new StringBuilder(1024);
        html.Clear();
        Cell(html, "Cadence, steps/min", "cadenceSpm", MetricFormat.Number(sample?.CadenceSpm, 0), "spm");
        // The pace shows min/km; data-value keeps the field's own unit for tests and tools.
        Cell(html, "Pace, min/km", "speedMps", MetricFormat.Pace(sample?.SpeedMps), "/km",
            sample?.SpeedMps?.ToString(CultureInfo.InvariantCulture));
        if (!compact)
        {
            Cell(html, "Stride length, m", "strideLengthM", MetricFormat.Number(sample?.StrideLengthM, 2), "m");
        }

        Cell(html, "Ground contact, ms", "groundContactMs", MetricFormat.Number(sample?.GroundContactMs, 0), "ms");
        if (!compact)
        {
            Cell(html, "Vertical oscillation, cm", "verticalOscillationCm", MetricFormat.Number(sample?.VerticalOscillationCm, 1), "cm");
        }

        Cell(html, "Left/right ground-contact balance, %", "gctBalanceLeftPct", MetricFormat.Balance(sample?.GctBalanceLeftPct), "");
        if (!compact)
        {
            Cell(html, "Power, W", "powerW", MetricFormat.Number(sample?.PowerW), "W");
            Cell(html, "Sensor battery, %", "batteryPct", MetricFormat.Number(sample?.BatteryPct), "%", low: sample?.BatteryPct is < 15);
        }

        return html.ToString();
    }

    private static void Cell(StringBuilder html, string title, string field, string text, string unit, string? raw = null, bool low = false)
    {
        html.Append("<span class=\"cell").Append(low ? " low" : "").Append("\" title=\"").Append(title).Append('"');
        html.Append("><span class=\"v\" data-metric=\"").Append(field).Append('"');
        if (raw is not null)
        {
            html.Append(" data-value=\"").Append(raw).Append('"');
        }

        html.Append('>').Append(text).Append("</span>");
        if (unit.Length > 0)
        {
            html.Append("<span class=\"u\">").Append(unit).Append("</span>");
        }

        html.Append("</span>");
    }
}
