using System.Globalization;
using System.Net;
using System.Text;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>One runner's reps as the report shows them: core's rep (recovery filled in) and whether repFade fired on it.</summary>
internal sealed record ReportRep(Rep Rep, bool Faded);

/// <summary>
/// The report's track section: each runner's reps from core's <see cref="RepDetector"/> over the recorded samples (the
/// hub runs the same detector live), faded where the session's repFade alert was raised for that rep; a rep table per
/// runner and a runner × rep matrix for the group.
/// </summary>
internal static class ReportReps
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The runner's reps in order, heart-rate drops filled in where they became known.</summary>
    public static IReadOnlyList<ReportRep> For(IReadOnlyList<MetricSample> samples, IEnumerable<FormAlert> runnerAlerts)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(runnerAlerts);
        var detector = new RepDetector();
        var events = new List<RepEvent>();
        var reps = new List<Rep>();
        foreach (var sample in samples.OrderBy(s => s.Seq))
        {
            detector.Observe(sample, events);
            foreach (var e in events)
            {
                var known = reps.FindIndex(r => r.Number == e.Rep.Number);
                if (known < 0)
                {
                    reps.Add(e.Rep);
                }
                else
                {
                    reps[known] = e.Rep;
                }
            }

            events.Clear();
        }

        // The rule judges a rep when it completes: after its end, before the next rep's.
        var fades = runnerAlerts.Where(a => a.Kind == AlertKind.RepFade).Select(a => a.StartedAt).ToList();
        return [.. reps.Select((rep, i) =>
        {
            var next = i + 1 < reps.Count ? reps[i + 1].EndedAt : long.MaxValue;
            return new ReportRep(rep, fades.Exists(t => t >= rep.EndedAt && t < next));
        })];
    }

    /// <summary>The runner's rep table: one row per rep, times from the session's start.</summary>
    public static string RunnerTable(IReadOnlyList<ReportRep> reps, long sessionStart)
    {
        ArgumentNullException.ThrowIfNull(reps);
        var builder = new StringBuilder("<table class=\"summary reps\"><caption>Reps</caption><thead><tr><th>Rep</th><th>Start</th><th>Time</th>")
            .Append("<th>Distance</th><th>Pace /km</th><th>Cadence</th><th>GCT</th><th>HR</th><th>HR peak</th><th>60 s drop</th><th>Fade</th></tr></thead><tbody>");
        foreach (var (rep, faded) in reps)
        {
            builder.Append("<tr class=\"rep").Append(faded ? " faded" : "").Append("\" data-rep=\"").Append(rep.Number.ToString(Inv))
                .Append("\" data-faded=\"").Append(faded ? "true" : "false").Append("\"><td>").Append(rep.Number.ToString(Inv)).Append("</td><td>")
                .Append(E(Format.Duration(TimeSpan.FromMilliseconds(Math.Max(0, rep.StartedAt - sessionStart))))).Append("</td><td class=\"rep-time\">")
                .Append(E(RepMatrixView.Clock(rep.DurationS))).Append("</td><td class=\"rep-distance\">").Append(rep.DistanceM.ToString("0", Inv)).Append(" m</td><td>")
                .Append(rep.PaceSecPerKm is { } pace ? E(RepMatrixView.Clock(pace)) : "–").Append("</td><td>")
                .Append(Num(rep.CadenceSpm, "0")).Append("</td><td>").Append(Num(rep.GroundContactMs, "0")).Append("</td><td>")
                .Append(Num(rep.HeartRateBpm, "0")).Append("</td><td>").Append(Num(rep.PeakHeartRateBpm, "0")).Append("</td><td class=\"rep-drop\">")
                .Append(rep.HrDrop60Bpm is { } drop ? drop.ToString(Inv) + (rep.SlowRecovery ? " (slow)" : "") : "–").Append("</td><td>")
                .Append(faded ? "▼ faded" : "").Append("</td></tr>");
        }

        if (reps.Count == 0)
        {
            builder.Append("<tr><td colspan=\"11\">No reps: no work bout of 25 s or more stood out from the running around it.</td></tr>");
        }

        return builder.Append("</tbody></table>").ToString();
    }

    /// <summary>The group's rep matrix: a row per runner, a column per rep, rep time and pace in each cell, faded reps marked.</summary>
    public static string GroupMatrix(IReadOnlyList<(string Id, string Name, IReadOnlyList<ReportRep> Reps)> runners)
    {
        ArgumentNullException.ThrowIfNull(runners);
        var columns = runners.Select(r => r.Reps.Count == 0 ? 0 : r.Reps.Max(x => x.Rep.Number)).DefaultIfEmpty().Max();
        if (columns == 0)
        {
            return "";
        }

        var builder = new StringBuilder("<table class=\"summary rep-matrix\"><caption>Reps by runner: time, pace /km (▼ faded)</caption><thead><tr><th>Runner</th>");
        for (var n = 1; n <= columns; n++)
        {
            builder.Append("<th>R").Append(n.ToString(Inv)).Append("</th>");
        }

        builder.Append("</tr></thead><tbody>");
        foreach (var (id, name, reps) in runners)
        {
            builder.Append("<tr data-runner=\"").Append(E(id)).Append("\"><td><a href=\"#runner-").Append(E(id)).Append("\">").Append(E(name)).Append("</a></td>");
            for (var n = 1; n <= columns; n++)
            {
                if (reps.FirstOrDefault(r => r.Rep.Number == n) is not { } cell)
                {
                    builder.Append("<td></td>");
                    continue;
                }

                builder.Append("<td class=\"rep-cell").Append(cell.Faded ? " faded" : "").Append("\" data-rep=\"").Append(n.ToString(Inv)).Append("\">")
                    .Append(E(RepMatrixView.Clock(cell.Rep.DurationS))).Append("<br>")
                    .Append(cell.Rep.PaceSecPerKm is { } pace ? E(RepMatrixView.Clock(pace)) : "–").Append(cell.Faded ? " ▼" : "").Append("</td>");
            }

            builder.Append("</tr>");
        }

        return builder.Append("</tbody></table>\n").ToString();
    }

    private static string Num(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, Inv) : "–";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
