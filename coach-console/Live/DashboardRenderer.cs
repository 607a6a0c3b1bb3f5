using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Contracts;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// Draws the whole screen as fixed-width lines: a header (session, hub link, lag), a row per runner (drifting runners
/// first, scrolling to keep the selection visible) or the rep matrix, the alert, rep and marker feed beside the cue
/// statuses, and a key line.
/// Every line is exactly <c>width</c> cells, so a 120×40 terminal never wraps.
/// </summary>
internal sealed class DashboardRenderer(HeartRateZones zones, TimeProvider time)
{
    private readonly DashboardPanels _panels = new(time);

    internal const string SelectedBackground = "on grey23";
    private const int FixedColumns = 63;
    private const int MinSpark = 8;
    private const int MinAlerts = 10;

    public IRenderable Render(LiveViewModel model, DashboardUi ui, int width, int height) =>
        new Rows(BuildLines(model, ui, width, height).Select(l => new Markup(l.ToMarkup()) { Overflow = Overflow.Crop }));

    public IReadOnlyList<StyledLine> BuildLines(LiveViewModel model, DashboardUi ui, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ui);
        width = Math.Max(80, width);
        height = Math.Max(16, height);

        var lines = new List<StyledLine>(height) { Header(model, width), Status(model, ui, width) };
        var panelHeight = ui.Mode == DashboardMode.PickCue ? Math.Max(7, ui.Choices.Count + 1) : height >= 30 ? 7 : 4;
        var rowCount = height - lines.Count - 1 - 1 - panelHeight - 1;

        if (ui.Mode == DashboardMode.Help)
        {
            lines.AddRange(DashboardPanels.Help(model, width, rowCount + 2));
        }
        else if (ui.ShowReps)
        {
            lines.Add(RepMatrixView.Header(model, ui, width));
            lines.AddRange(RepMatrixView.Rows(model, ui, width, rowCount, out var detailLine));
            lines.Add(detailLine);
        }
        else
        {
            lines.Add(ColumnHeader(ui, width));
            lines.AddRange(RunnerRows(model, ui, width, rowCount, out var scrollLine));
            lines.Add(scrollLine);
        }

        lines.AddRange(ui.Mode == DashboardMode.PickCue ? DashboardPanels.Picker(model, ui, width, panelHeight) : _panels.Feeds(model, width, panelHeight));
        lines.Add(DashboardPanels.Footer(model, ui, width));

        foreach (var line in lines)
        {
            line.PadTo(width);
        }

        return lines;
    }

    private StyledLine Header(LiveViewModel model, int width)
    {
        var link = model.Link;
        var line = new StyledLine().Add(" MindMuscle.Live ", "bold black on deepskyblue1").Add(" ");
        line.Add(Cells.Fit(model.SessionName.Length > 0 ? model.SessionName : model.SessionId, 24).TrimEnd(), "bold").Add("  ");
        var (dot, style) = link.Status switch
        {
            HubConnectionStatus.Connected when link.Lagging => ("● lagging", "magenta"),
            HubConnectionStatus.Connected => ("● connected", "green"),
            HubConnectionStatus.Replaying => ("▶ replay", "deepskyblue1"),
            HubConnectionStatus.ReplayEnded => ("■ replay ended", "grey70"),
            HubConnectionStatus.Reconnecting => ("○ reconnecting", "bold yellow"),
            HubConnectionStatus.Disconnected => ("○ disconnected", "bold red"),
            _ => ("○ connecting", "yellow"),
        };
        line.Add("hub ", "grey70").Add(dot, style);
        if (link.LagMs is { } lag && model.Replay is null)
        {
            line.Add("  lag ", "grey70").Add(Format.Seconds(lag), lag > 2000 ? "bold red" : lag > 1000 ? "yellow" : "green");
        }

        if (link.Reconnects > 0 || link.LastGap is not null)
        {
            line.Add("  reconnects ", "grey70").Add(link.Reconnects.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (link.LastGap is { } gap)
            {
                line.Add($" (last gap {Format.Duration(gap)}, {link.LastGapSamples} samples missed", "yellow");
                if (link.LastGapFilled > 0)
                {
                    line.Add($", {link.LastGapFilled} filled from the recording", "green");
                }

                if (link.LastGapError is not null)
                {
                    line.Add(", not filled: see the review", "red");
                }

                line.Add(")", "yellow");
            }
        }

        if (link.DroppedFrames > 0)
        {
            line.Add($"  dropped {link.DroppedFrames}", "magenta");
        }

        if (link.SeqJumpsFilled > 0)
        {
            line.Add($"  read back {link.SeqJumpsFilled}", "grey70");
        }

        line.Add("  auto-cue ", "grey70").Add(AutoCueWord(model.AutoCue), model.AutoCue == AutoCueMode.Auto ? "bold" : "grey70");
        var clock = " " + Format.Clock(time.GetUtcNow().ToUnixTimeMilliseconds(), time.LocalTimeZone) + " ";
        return Fitted(line, width - Cells.Width(clock)).PadTo(width - Cells.Width(clock)).Add(clock, "grey70");
    }

    private static StyledLine Status(LiveViewModel model, DashboardUi ui, int width)
    {
        var line = new StyledLine();
        if (model.Replay is { } replay)
        {
            var label = replay.Paused ? " ‖ paused " : $" ▶ {replay.Speed:0.##}x ";
            var position = TimeSpan.FromMilliseconds(Math.Max(0, replay.PositionMs - replay.StartMs));
            var total = TimeSpan.FromMilliseconds(Math.Max(0, replay.EndMs - replay.StartMs));
            var times = $" {Format.Duration(position)} / {Format.Duration(total)} ";
            var barWidth = Math.Max(10, (width / 2) - Cells.Width(label) - Cells.Width(times));
            var filled = (int)Math.Round(replay.Fraction * barWidth);
            line.Add(label, replay.Paused ? "bold yellow" : "bold deepskyblue1")
                .Add(new string('█', filled), "deepskyblue1").Add(new string('░', barWidth - filled), "grey39").Add(times).Add(" ");
        }

        var runners = model.Runners;
        line.Add($" {runners.Count} runners: ", "bold");
        AddCount(line, runners.Count(r => r.State == RunnerState.Live), "live", "green");
        AddCount(line, runners.Count(r => r.State == RunnerState.Stale), "stale", "yellow");
        AddCount(line, runners.Count(r => r.State == RunnerState.Backfilling), "backfilling", "deepskyblue1");
        AddCount(line, runners.Count(r => r.State == RunnerState.Left), "left", "grey50");
        AddCount(line, runners.Count(r => r.State == RunnerState.Lagging), "lagging", "magenta");
        var alerting = runners.Count(r => r.OpenAlerts.Count > 0);
        line.Add(" │ ", "grey39").Add($"{alerting} drifting", alerting > 0 ? "bold yellow" : "grey70");
        line.Add(" │ ", "grey39").Add("sparkline: ", "grey70").Add(ui.Metric.Label(), "bold").Add(" (m)", "grey50");
        return Fitted(line, width);
    }

    private static void AddCount(StyledLine line, int count, string label, string style)
    {
        if (count > 0)
        {
            line.Add($"{count} {label} ", style);
        }
    }

    private static (int Spark, int Alerts) Widths(int width)
    {
        var rest = width - FixedColumns - 1;
        var spark = Math.Clamp(rest - 32, MinSpark, 30);
        return (spark, Math.Max(MinAlerts, rest - spark));
    }

    private static StyledLine ColumnHeader(DashboardUi ui, int width)
    {
        var (spark, alerts) = Widths(width);
        var text = "   # " + Cells.Fit("Runner", 12) + " " + Cells.Fit("State", 5) + " " + " HR" + " " + "Cad" + " " + Cells.Fit(" Pace", 5)
                   + " " + "Strd" + " " + "GCT" + " " + "  VO" + " " + "Pwr" + " " + Cells.Fit(" L/R", 5) + " "
                   + Cells.Fit(ui.Metric.Label(), spark) + " " + Cells.Fit("Alerts", alerts);
        return new StyledLine().Add(Cells.Fit(text, width), "bold grey85 on grey15");
    }

    private List<StyledLine> RunnerRows(LiveViewModel model, DashboardUi ui, int width, int rowCount, out StyledLine scrollLine)
    {
        var order = model.DisplayOrder();
        var selected = ui.SelectedRunnerId is null ? -1 : order.ToList().FindIndex(r => r.RunnerId == ui.SelectedRunnerId);
        if (selected >= 0)
        {
            if (selected < ui.ScrollOffset)
            {
                ui.ScrollOffset = selected;
            }
            else if (selected >= ui.ScrollOffset + rowCount)
            {
                ui.ScrollOffset = selected - rowCount + 1;
            }
        }

        ui.ScrollOffset = Math.Clamp(ui.ScrollOffset, 0, Math.Max(0, order.Count - rowCount));
        var rows = new List<StyledLine>(rowCount);
        var (spark, alerts) = Widths(width);
        for (var i = 0; i < rowCount; i++)
        {
            var index = ui.ScrollOffset + i;
            rows.Add(index < order.Count ? Row(order[index], index == selected, ui.Metric, spark, alerts, width) : new StyledLine());
        }

        var shown = order.Count == 0 ? "waiting for runners…"
            : $"runners {ui.ScrollOffset + 1}–{Math.Min(order.Count, ui.ScrollOffset + rowCount)} of {order.Count}"
              + (order.Count > rowCount ? "  (↑↓ PgUp PgDn scroll; drifting runners first)" : "  (drifting runners first)");
        scrollLine = new StyledLine().Add(Cells.Fit(" " + shown, width), "grey50");
        return rows;
    }

    private StyledLine Row(RunnerView r, bool isSelected, SparkMetric metric, int sparkWidth, int alertWidth, int width)
    {
        string? S(string? style) => isSelected ? (style is null ? SelectedBackground : $"{style} {SelectedBackground}") : style;
        var line = new StyledLine();
        line.Add(isSelected ? "▶" : " ", S("bold deepskyblue1"));
        line.Add(Cells.Fit(r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), 3, alignRight: true) + " ", S("grey70"));
        line.Add(Cells.Fit(r.Name, 12) + " ", S(isSelected ? "bold" : null));
        line.Add(Cells.Fit(Format.State(r.State), 5) + " ", S(Format.StateStyle(r.State)));
        line.Add(Cells.Fit(Format.Number(r.HeartRateBpm), 3, alignRight: true) + " ", S(r.HeartRateBpm is { } hr ? zones.Style(hr) : "grey50"));
        line.Add(Cells.Fit(Format.Number(r.CadenceSpm, "0"), 3, alignRight: true) + " ", S(null));
        line.Add(Cells.Fit(Format.Pace(r.SpeedMps), 5, alignRight: true) + " ", S(null));
        line.Add(Cells.Fit(Format.Number(r.StrideLengthM, "0.00"), 4, alignRight: true) + " ", S(null));
        line.Add(Cells.Fit(Format.Number(r.GroundContactMs, "0"), 3, alignRight: true) + " ", S(null));
        line.Add(Cells.Fit(Format.Number(r.VerticalOscillationCm, "0.0"), 4, alignRight: true) + " ", S(null));
        line.Add(Cells.Fit(Format.Number(r.PowerW), 3, alignRight: true) + " ", S(null));
        var balanceOff = r.GctBalanceLeftPct is { } l && Math.Abs(l - 50) >= 2;
        line.Add(Cells.Fit(Format.Balance(r.GctBalanceLeftPct), 5, alignRight: true) + " ", S(balanceOff ? "yellow" : null));
        var sparkText = Sparkline.Render(r.History.Points(metric), r.History.LatestAt, r.History.Window, sparkWidth);
        line.Add(sparkText + " ", S(r.State == RunnerState.Live ? "deepskyblue1" : "grey50"));

        var remaining = alertWidth;
        foreach (var alert in r.OpenAlerts.OrderByDescending(a => a.Severity))
        {
            var label = Format.Short(alert);
            if (Cells.Width(label) + 1 > remaining)
            {
                line.Add(Cells.Fit("+", remaining), S("yellow"));
                remaining = 0;
                break;
            }

            line.Add(label + " ", S(Format.SeverityStyle(alert.Severity)));
            remaining -= Cells.Width(label) + 1;
        }

        if (r.OpenAlerts.Count == 0 && r.MissedSamples > 0 && remaining > 12)
        {
            line.Add(Cells.Fit($"gap {r.MissedSamples}", remaining), S("grey50"));
        }

        return line.PadTo(width, S(null));
    }

    private static StyledLine Fitted(StyledLine line, int width) =>
        line.Cut(width);

    private static string AutoCueWord(AutoCueMode mode) => mode switch
    {
        AutoCueMode.Suggest => "suggest",
        AutoCueMode.Auto => "auto",
        _ => "off",
    };
}
