using System.Globalization;
using System.Net;
using System.Text;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>
/// Builds one self-contained HTML page for a session: a group comparison (dot plots, a table, the rep matrix), then per
/// runner a summary (laps, time in alerts, cues), its reps, and time charts of cadence, heart rate, stride, ground contact /
/// vertical oscillation and balance with alert spans and cue markers. No scripts, no external files: the charts are inline SVG.
/// </summary>
internal static class SessionReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<string> BuildAsync(ISessionData data, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(time);
        var snapshot = await data.GetSessionAsync(cancellationToken).ConfigureAwait(false);
        var alerts = await data.GetAlertsAsync(cancellationToken).ConfigureAwait(false);
        var cues = await data.GetCuesAsync(cancellationToken).ConfigureAwait(false);
        var runners = new List<(string Id, string Name, IReadOnlyList<MetricSample> Samples)>();
        var reps = new List<(string Id, string Name, IReadOnlyList<ReportRep> Reps)>();
        foreach (var runner in snapshot.Runners)
        {
            var samples = await data.GetSamplesAsync(runner.RunnerId, cancellationToken).ConfigureAwait(false);
            var name = string.IsNullOrEmpty(runner.Name) ? runner.RunnerId : runner.Name;
            runners.Add((runner.RunnerId, name, samples));
            reps.Add((runner.RunnerId, name, ReportReps.For(samples, alerts.Where(a => a.RunnerId == runner.RunnerId))));
        }

        var allTimes = runners.SelectMany(r => r.Samples).Select(s => s.ObservedAt).ToList();
        var start = allTimes.Count > 0 ? allTimes.Min() : snapshot.Session.CreatedAt;
        var end = allTimes.Count > 0 ? allTimes.Max() : snapshot.Session.EndedAt ?? start;

        var html = new StringBuilder(256 * 1024);
        var title = $"{snapshot.Session.Name} — MindMuscle.Live session report";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>")
            .Append(Css).Append("</style></head>\n<body>\n");
        html.Append("<header><h1>").Append(E(snapshot.Session.Name)).Append("</h1><p class=\"meta\">Session <code>").Append(E(snapshot.Session.SessionId))
            .Append("</code> · ").Append(E(Date(start, time))).Append(" · ").Append(runners.Count.ToString(Inv)).Append(" runners · ")
            .Append(E(Format.Duration(TimeSpan.FromMilliseconds(end - start)))).Append(" · ").Append(alerts.Count.ToString(Inv)).Append(" alerts · ")
            .Append(cues.Select(c => c.CueId).Distinct().Count().ToString(Inv)).Append(" cues</p>\n");
        html.Append("<p class=\"legend\">Shaded spans: open alerts (colour by kind). Dashed lines: cues (green = spoken in the runner's ears, grey = not heard).</p>")
            .Append("<nav>").AppendJoin(" · ", runners.Select(r => $"<a href=\"#runner-{E(r.Id)}\">{E(r.Name)}</a>")).Append("</nav></header>\n");

        html.Append(GroupSection(runners, alerts, ReportReps.GroupMatrix(reps)));
        var chart = 0;
        foreach (var (runnerIndex, (id, name, samples)) in runners.Index())
        {
            var runnerAlerts = alerts.Where(a => a.RunnerId == id).OrderBy(a => a.StartedAt).ToList();
            var runnerCues = cues.Where(c => c.RunnerId == id).GroupBy(c => c.CueId)
                .Select(g => g.OrderByDescending(c => c.Status == CueStatus.Spoken).ThenByDescending(c => c.At).First()).OrderBy(c => c.IssuedAt).ToList();
            html.Append("<section class=\"runner\" id=\"runner-").Append(E(id)).Append("\" data-runner=\"").Append(E(id)).Append("\">\n<h2>")
                .Append(E(name)).Append("</h2>\n");
            html.Append(SummaryTables(samples, runnerAlerts, runnerCues, end));
            html.Append(ReportReps.RunnerTable(reps[runnerIndex].Reps, start));
            foreach (var metric in ReportCharts.Metrics)
            {
                var svg = ReportCharts.TimeSeries(metric, samples, runnerAlerts, runnerCues, start, end, $"c{chart++}-");
                html.Append("<figure class=\"chart\" data-runner=\"").Append(E(id)).Append("\" data-metric=\"").Append(metric.Key)
                    .Append("\" data-alert-spans=\"").Append(runnerAlerts.Count.ToString(Inv))
                    .Append("\" data-cue-markers=\"").Append(runnerCues.Count.ToString(Inv)).Append("\">")
                    .Append(svg).Append("<figcaption>").Append(E(name)).Append(": ").Append(E(metric.Title))
                    .Append(metric.SecondTitle is null ? "" : " / " + E(metric.SecondTitle)).Append(SpanList(runnerAlerts, start, end))
                    .Append("</figcaption></figure>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<footer>Generated by the MindMuscle.Live coach console at ").Append(E(Date(time.GetUtcNow().ToUnixTimeMilliseconds(), time)))
            .Append(".</footer>\n</body></html>\n");
        return html.ToString();
    }

    private static string GroupSection(List<(string Id, string Name, IReadOnlyList<MetricSample> Samples)> runners, IReadOnlyList<FormAlert> alerts,
        string repMatrix)
    {
        var end = runners.SelectMany(r => r.Samples).Select(s => s.ObservedAt).DefaultIfEmpty().Max();
        var builder = new StringBuilder("<section class=\"group\" id=\"group\"><h2>Group comparison</h2>\n");
        var cadence = runners.Select(r => (r.Name, LapSummary.Mean(r.Samples.Select(s => s.CadenceSpm)))).ToList();
        var heartRate = runners.Select(r => (r.Name, LapSummary.Mean(r.Samples.Select(s => (double?)s.HeartRateBpm)))).ToList();
        builder.Append("<figure class=\"chart group-chart\" data-metric=\"group-cadence\" data-chart=\"dots\">")
            .Append(ReportCharts.GroupDots("Average cadence per runner", "spm", cadence, "g0-"))
            .Append("<figcaption>Average cadence per runner</figcaption></figure>\n");
        builder.Append("<figure class=\"chart group-chart\" data-metric=\"group-heartRate\" data-chart=\"dots\">")
            .Append(ReportCharts.GroupDots("Average heart rate per runner", "bpm", heartRate, "g1-"))
            .Append("<figcaption>Average heart rate per runner</figcaption></figure>\n");
        builder.Append("<table class=\"summary group-table\"><thead><tr><th>Runner</th><th>Distance</th><th>Cadence</th><th>HR</th><th>Pace /km</th>")
            .Append("<th>Stride</th><th>GCT</th><th>VO</th><th>L/R</th><th>Alerts</th><th>Time in alerts</th></tr></thead><tbody>");
        foreach (var (id, name, samples) in runners)
        {
            var runnerAlerts = alerts.Where(a => a.RunnerId == id).ToList();
            var inAlerts = LapSummary.TimeInAlerts(runnerAlerts, end).Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
            builder.Append("<tr><td><a href=\"#runner-").Append(E(id)).Append("\">").Append(E(name)).Append("</a></td><td>")
                .Append(Num(samples.Select(s => s.DistanceM).Where(d => d is not null).DefaultIfEmpty().Max(), "0")).Append(" m</td><td>")
                .Append(Num(LapSummary.Mean(samples.Select(s => s.CadenceSpm)), "0")).Append("</td><td>")
                .Append(Num(LapSummary.Mean(samples.Select(s => (double?)s.HeartRateBpm)), "0")).Append("</td><td>")
                .Append(E(Format.Pace(LapSummary.Mean(samples.Select(s => s.SpeedMps))))).Append("</td><td>")
                .Append(Num(LapSummary.Mean(samples.Select(s => s.StrideLengthM)), "0.00")).Append("</td><td>")
                .Append(Num(LapSummary.Mean(samples.Select(s => s.GroundContactMs)), "0")).Append("</td><td>")
                .Append(Num(LapSummary.Mean(samples.Select(s => s.VerticalOscillationCm)), "0.0")).Append("</td><td>")
                .Append(E(Format.Balance(LapSummary.Mean(samples.Select(s => s.GctBalanceLeftPct))))).Append("</td><td>")
                .Append(runnerAlerts.Count.ToString(Inv)).Append("</td><td>").Append(E(Format.Duration(inAlerts))).Append("</td></tr>");
        }

        return builder.Append("</tbody></table>").Append(repMatrix).Append("</section>\n").ToString();
    }

    private static string SummaryTables(IReadOnlyList<MetricSample> samples, List<FormAlert> alerts, List<CueUpdate> cues, long end)
    {
        var builder = new StringBuilder("<div class=\"summaries\">");
        builder.Append("<table class=\"summary laps\"><caption>Averages per ").Append(LapSummary.LapMeters.ToString(Inv))
            .Append(" m lap</caption><thead><tr><th>Lap</th><th>Time</th><th>HR</th><th>Cadence</th><th>Pace /km</th><th>Stride</th><th>GCT</th>")
            .Append("<th>VO</th><th>Power</th><th>L/R</th></tr></thead><tbody>");
        foreach (var lap in LapSummary.Laps(samples))
        {
            builder.Append("<tr><td>").Append(lap.Lap.ToString(Inv)).Append("</td><td>").Append(E(Format.Duration(lap.Duration))).Append("</td><td>")
                .Append(Num(lap.HeartRate, "0")).Append("</td><td>").Append(Num(lap.Cadence, "0")).Append("</td><td>")
                .Append(E(Format.Pace(lap.SpeedMps))).Append("</td><td>").Append(Num(lap.Stride, "0.00")).Append("</td><td>")
                .Append(Num(lap.GroundContact, "0")).Append("</td><td>").Append(Num(lap.VerticalOscillation, "0.0")).Append("</td><td>")
                .Append(Num(lap.Power, "0")).Append("</td><td>").Append(E(Format.Balance(lap.BalanceLeft))).Append("</td></tr>");
        }

        builder.Append("</tbody></table>");
        builder.Append("<table class=\"summary alerts\"><caption>Time in each alert</caption><thead><tr><th>Alert</th><th>Count</th><th>Time</th></tr></thead><tbody>");
        var times = LapSummary.TimeInAlerts(alerts, end);
        foreach (var (kind, span) in times.OrderByDescending(t => t.Value))
        {
            builder.Append("<tr class=\"alert-kind\" data-kind=\"").Append(E(Kind(kind))).Append("\"><td><span class=\"swatch\" style=\"background:")
                .Append(ReportCharts.AlertColor(kind).ToHex()).Append("\"></span>").Append(E(Kind(kind))).Append("</td><td>")
                .Append(alerts.Count(a => a.Kind == kind).ToString(Inv)).Append("</td><td>").Append(E(Format.Duration(span))).Append("</td></tr>");
        }

        if (times.Count == 0)
        {
            builder.Append("<tr><td colspan=\"3\">No alerts.</td></tr>");
        }

        var (sent, heard, expired) = LapSummary.Cues(cues);
        builder.Append("</tbody></table><table class=\"summary cues\"><caption>Cues</caption><tbody><tr><th>Sent</th><td class=\"cues-sent\">")
            .Append(sent.ToString(Inv)).Append("</td></tr><tr><th>Heard (spoken)</th><td class=\"cues-heard\">").Append(heard.ToString(Inv))
            .Append("</td></tr><tr><th>Expired or dropped</th><td>").Append(expired.ToString(Inv)).Append("</td></tr></tbody></table></div>\n");
        return builder.ToString();
    }

    private static string SpanList(List<FormAlert> alerts, long start, long end)
    {
        if (alerts.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("<ul class=\"alert-spans\">");
        foreach (var a in alerts)
        {
            builder.Append("<li class=\"alert-span\" data-kind=\"").Append(E(Kind(a.Kind))).Append("\" data-from-min=\"")
                .Append(ReportCharts.Minutes(a.StartedAt, start).ToString("0.00", Inv)).Append("\" data-to-min=\"")
                .Append(ReportCharts.Minutes(a.ClearedAt ?? end, start).ToString("0.00", Inv)).Append("\">")
                .Append(E(Kind(a.Kind))).Append(' ').Append(E(Format.Duration(TimeSpan.FromMilliseconds(a.StartedAt - start)))).Append('–')
                .Append(E(Format.Duration(TimeSpan.FromMilliseconds((a.ClearedAt ?? end) - start)))).Append("</li>");
        }

        return builder.Append("</ul>").ToString();
    }

    private static string Kind(AlertKind kind) => System.Text.Json.JsonSerializer.Serialize(kind).Trim('"');

    private static string Num(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, Inv) : "–";

    private static string Date(long unixMs, TimeProvider time) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), time.LocalTimeZone).ToString("yyyy-MM-dd HH:mm", Inv);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d232a;background:#fafbfc}
        h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:2px solid #d7dde3;padding-bottom:4px}
        .meta,.legend{color:#56616c;margin:2px 0}nav{margin:8px 0;font-size:13px;line-height:1.7}
        figure.chart{margin:10px 0;background:#fff;border:1px solid #e1e6eb;border-radius:6px;padding:6px;display:inline-block}
        figure.chart svg{display:block;max-width:100%;height:auto}figcaption{font-size:12px;color:#56616c}
        .summaries{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
        table.summary{border-collapse:collapse;font-size:13px;background:#fff}table.summary caption{text-align:left;font-weight:600;padding:4px 0}
        table.summary th,table.summary td{border:1px solid #e1e6eb;padding:3px 8px;text-align:right}
        table.summary th:first-child,table.summary td:first-child{text-align:left}
        ul.alert-spans{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:6px}
        tr.faded td,td.faded{color:#b22222;font-weight:600}table.rep-matrix td{text-align:center;white-space:nowrap}
        li.alert-span{background:#fff3e0;border:1px solid #f0c27b;border-radius:3px;padding:0 5px}
        .swatch{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px;opacity:.6}
        footer{margin-top:32px;color:#8a949e;font-size:12px}
        """;
}
