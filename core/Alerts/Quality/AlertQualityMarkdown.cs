using System.Globalization;
using System.Text;

namespace MindMuscle.Live.Core.Alerts.Quality;

/// <summary>Renders an <see cref="AlertQualityReport"/> as the markdown table of docs/alert-quality.md.</summary>
public static class AlertQualityMarkdown
{
    public static string Table(AlertQualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("| kind | expected | detected | rate | median delay (s) | max delay (s) | median from event start (s) | unexpected | false on steady | on interval runs (not scored) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var k in report.Kinds)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {AlertKindNames.Of(k.Kind)} | {k.Expected} | {k.Detected}{(k.AlreadyOpen > 0 ? $" ({k.AlreadyOpen} already open)" : "")} | {(k.Expected == 0 ? "-" : (k.DetectionRate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %")} | {N(k.MedianDelaySeconds)} | {N(k.MaxDelaySeconds)} | {N(k.MedianDelayFromEventStartSeconds)} | {k.Unexpected} | {k.FalseOnSteady} | {k.OnPlannedRuns} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{report.Cases} runs of {report.Scenarios} scenarios, {report.Samples} samples. False alerts on steady runs: {report.FalseAlerts} in {report.SteadyRunnerHours:0.0} runner-hours = {report.FalseAlertsPerRunnerHour:0.00} per runner-hour.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Engine time per sample (wall clock, shared machine): {report.EngineNanosPerSample / 1000:0.00} µs. Targets met: {(report.MeetsTargets ? "yes" : "NO")}.");
        if (report.Misses.Count > 0)
        {
            text.AppendLine();
            foreach (var miss in report.Misses)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {miss}");
            }
        }

        return text.ToString();
    }

    private static string N(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
