using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// The dashboard below the runner rows: the alert and cue feeds side by side (or the cue picker), the help text, and
/// the footer line. Every line is padded or cut to the width it is given.
/// </summary>
internal sealed class DashboardPanels(TimeProvider time)
{
    /// <summary>The alert feed beside the cue statuses, <paramref name="panelHeight"/> lines.</summary>
    public IEnumerable<StyledLine> Feeds(LiveViewModel model, int width, int panelHeight)
    {
        var left = (width - 1) / 2;
        var right = width - left - 1;
        var alertLines = new List<StyledLine> { Title(" Alerts, reps and marks, newest first", left) };
        // Two newest-first lists merged so each keeps its own order (alerts arrive in the hub's order, not by time).
        var (a, t) = (0, 0);
        while (alertLines.Count < panelHeight && (a < model.AlertFeed.Count || t < model.Track.Feed.Count))
        {
            var takeAlert = t >= model.Track.Feed.Count || (a < model.AlertFeed.Count && model.AlertFeed[a].At >= model.Track.Feed[t].At);
            var at = takeAlert ? model.AlertFeed[a].At : model.Track.Feed[t].At;
            var line = new StyledLine().Add(" " + Format.Clock(at, time.LocalTimeZone) + " ", "grey70");
            alertLines.Add((takeAlert ? AlertLine(line, model.AlertFeed[a++], left) : TrackLine(line, model, model.Track.Feed[t++], left)).PadTo(left));
        }

        var cueLines = new List<StyledLine> { Title(" Cues: sent → delivered → spoken / expired", right) };
        foreach (var cue in model.Cues.Take(panelHeight - 1))
        {
            var line = new StyledLine().Add(" " + Format.Clock(cue.IssuedAt, time.LocalTimeZone) + " ", "grey70");
            line.Add(Cells.Fit(model.Find(cue.RunnerId)?.Name ?? cue.RunnerId, 10) + " ", "bold");
            line.Add(Cells.Fit(StatusPath(cue.Status), 10) + " ", Format.CueStyle(cue.Status));
            line.Add(Cells.Fit((cue.Source == CueSource.Auto ? "auto: " : "") + "\"" + cue.Text + "\"", right - line.Width));
            cueLines.Add(line.PadTo(right));
        }

        for (var i = 0; i < panelHeight; i++)
        {
            var line = new StyledLine();
            Append(line, i < alertLines.Count ? alertLines[i] : null, left);
            line.Add("│", "grey39");
            Append(line, i < cueLines.Count ? cueLines[i] : null, right);
            yield return line;
        }
    }

    private static StyledLine AlertLine(StyledLine line, AlertFeedEntry entry, int width)
    {
        var a = entry.Alert;
        line.Add(Cells.Fit(entry.RunnerName, 10) + " ", "bold");
        if (entry.Cleared)
        {
            return line.Add(Cells.Fit("✓ " + Format.Short(a) + " cleared", width - line.Width), "grey50");
        }

        line.Add(Cells.Fit(Format.Short(a), 8) + " ", Format.SeverityStyle(a.Severity));
        return line.Add(Cells.Fit(a.Message, width - line.Width));
    }

    private static StyledLine TrackLine(StyledLine line, LiveViewModel model, TrackFeedEntry entry, int width)
    {
        var who = entry.RunnerId is null ? "group" : model.Find(entry.RunnerId)?.Name ?? entry.RunnerId;
        line.Add(Cells.Fit(who, 10) + " ", "bold");
        if (entry.Marker is { } marker)
        {
            line.Add(Cells.Fit("◆ mark", 8) + " ", "deepskyblue1");
            var text = DashboardController.MarkerText(marker.Kind) + (string.IsNullOrWhiteSpace(marker.Text) ? "" : ": " + marker.Text);
            return line.Add(Cells.Fit(text, width - line.Width));
        }

        var rep = entry.Rep!;
        var faded = entry.RunnerId is not null && model.Track.For(entry.RunnerId) is { } t && t.IsFaded(rep);
        line.Add(Cells.Fit("rep " + rep.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), 8) + " ", faded ? "bold red" : "green");
        var pace = rep.PaceSecPerKm is { } p ? $", {RepMatrixView.Clock(p)}/km" : "";
        var summary = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rep.DistanceM:0} m in {RepMatrixView.Clock(rep.DurationS)}{pace}")
                      + (faded ? " " + RepMatrixView.FadeMark + " faded" : "");
        return line.Add(Cells.Fit(summary, width - line.Width), faded ? "red" : null);
    }

    private static string StatusPath(CueStatus status) => status switch
    {
        CueStatus.Sent => "sent",
        CueStatus.Delivered => "delivered",
        CueStatus.Spoken => "spoken ✓",
        CueStatus.Expired => "expired",
        CueStatus.Dropped => "dropped",
        _ => status.ToString(),
    };

    /// <summary>The cue choices for the runner (or group) being cued, the selected one marked.</summary>
    public static IEnumerable<StyledLine> Picker(LiveViewModel model, DashboardUi ui, int width, int panelHeight)
    {
        var who = ui.CueTarget is null ? "the whole group" : model.Find(ui.CueTarget)?.Name ?? ui.CueTarget;
        yield return Title($" Cue {who}: 1–{ui.Choices.Count} or ↑↓ Enter to send, t to type your own, Esc to cancel", width);
        for (var i = 0; i < panelHeight - 1; i++)
        {
            if (i >= ui.Choices.Count)
            {
                yield return new StyledLine();
                continue;
            }

            var choice = ui.Choices[i];
            var style = i == ui.ChoiceIndex ? $"bold {DashboardRenderer.SelectedBackground}" : null;
            var line = new StyledLine().Add(i == ui.ChoiceIndex ? " ▶ " : "   ", style).Add($"{i + 1}. ", style);
            if (choice.Suggested)
            {
                line.Add("suggested ", "bold green" + (style is null ? "" : " " + DashboardRenderer.SelectedBackground));
            }

            yield return line.Add(Cells.Fit(choice.Text, width - line.Width), style);
        }
    }

    /// <summary>The key list, in place of the runner rows.</summary>
    public static IEnumerable<StyledLine> Help(LiveViewModel model, int width, int rows)
    {
        string[] text =
        [
            " Keys",
            "   ↑ ↓ PgUp PgDn   select a runner (drifting runners are listed first)",
            "   1–99            select a runner by its number (type two digits quickly for #10 and up)",
            "   c               pick a cue for the selected runner (the alert's suggested cue first)",
            "   g               pick a cue for the whole group",
            "   t / T           type a cue for the selected runner / the whole group",
            "   a               accept the newest suggested cue (the selected runner's, else anyone's)",
            "   m / M           next / previous sparkline metric (in the rep matrix: next figure)",
            "   r               rep matrix: runner × rep (time, pace, GCT, HR peak, 60 s drop; ▼ faded, ! slow recovery)",
            "   l / L           mark a lap for the selected runner / the whole group (at the hub's now)",
            "   b / B  e / E    mark a rep start / end for the selected runner / the whole group",
            "   ?               this help (any key closes it)",
            "   q               quit",
            model.Replay is not null ? "   space ← → [ ]   replay: pause/resume, seek 30 s back/forward, half/double speed" : "",
            "",
            " Row: # name state HR (coloured by zone) cadence pace/km stride GCT vertical-oscillation power L/R sparkline alerts",
            " States: live, stale (no sample lately), backf (backfilling from the relay's outbox), left, lag (lagging).",
            " Header: hub connection, this console's lag (sample observed → on screen), reconnects and the last gap.",
        ];
        for (var i = 0; i < rows; i++)
        {
            yield return new StyledLine().Add(Cells.Fit(i < text.Length ? text[i] : "", width), i == 0 ? "bold" : null);
        }
    }

    /// <summary>The key line, the cue being typed, or the last message.</summary>
    public static StyledLine Footer(LiveViewModel model, DashboardUi ui, int width)
    {
        var line = new StyledLine();
        if (ui.Mode == DashboardMode.TypeCue)
        {
            var who = ui.CueTarget is null ? "group" : model.Find(ui.CueTarget)?.Name ?? ui.CueTarget;
            line.Add($" Cue {who}> ", "bold deepskyblue1");
            var room = width - line.Width - 30;
            var input = Cells.Width(ui.Input) > room ? "…" + ui.Input[^Math.Max(0, room - 1)..] : ui.Input;
            return line.Add(input + "█").Add("   Enter send · Esc cancel", "grey50");
        }

        if (ui.Message is { Length: > 0 } message)
        {
            return line.Add(Cells.Fit(" " + message, width), ui.MessageIsError ? "bold red" : "green");
        }

        var keys = " ↑↓/# select  c cue  g group  t type  a accept  m metric  r reps  l/L lap  b/e rep mark  ? help  q quit";
        if (model.Replay is not null)
        {
            keys += "  │ space pause  ←→ seek  [ ] speed";
        }

        return line.Add(Cells.Fit(keys, width), "grey50");
    }

    private static StyledLine Title(string text, int width) => new StyledLine().Add(Cells.Fit(text, width), "bold grey85 on grey15");

    private static void Append(StyledLine target, StyledLine? source, int width)
    {
        if (source is null)
        {
            target.Add(new string(' ', width));
            return;
        }

        var start = target.Width;
        target.Add(source.Cut(width)).PadTo(start + width);
    }
}
