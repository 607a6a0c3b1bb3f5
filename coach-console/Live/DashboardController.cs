using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>What a key press asks the loop to do beyond changing the screen.</summary>
internal abstract record DashboardAction;

internal sealed record SendCueAction(CueRequest Request, string Description) : DashboardAction;

internal sealed record QuitAction : DashboardAction;

internal sealed record AddMarkerAction(MarkerRequest Request, string Description) : DashboardAction;

/// <summary>Replay only: pause/resume, seek by an offset, change speed.</summary>
internal sealed record ReplayControlAction(bool TogglePause = false, TimeSpan Seek = default, double SpeedFactor = 1) : DashboardAction;

/// <summary>Turns keys into selection, prompts and actions. Pure apart from the clock, so tests drive it key by key.</summary>
internal sealed class DashboardController(LiveViewModel model, DashboardUi ui, ICueCatalog catalog, TimeProvider time)
{
    private static readonly TimeSpan NumberWindow = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan SeekStep = TimeSpan.FromSeconds(30);

    public DashboardUi Ui => ui;

    public DashboardAction? Handle(ConsoleKeyInfo key)
    {
        DashboardAction? action = ui.Mode switch
        {
            DashboardMode.Help => HandleHelp(key),
            DashboardMode.PickCue => HandlePick(key),
            DashboardMode.TypeCue => HandleType(key),
            _ => HandleNormal(key),
        };
        model.Touch();
        return action;
    }

    /// <summary>Keeps the selection on a runner (the first row when none is selected yet).</summary>
    public void EnsureSelection()
    {
        if (ui.SelectedRunnerId is null || model.Find(ui.SelectedRunnerId) is null)
        {
            var order = model.DisplayOrder();
            ui.SelectedRunnerId = order.Count > 0 ? order[0].RunnerId : null;
        }
    }

    private DashboardAction? HandleNormal(ConsoleKeyInfo key)
    {
        EnsureSelection();
        switch (key.Key)
        {
            case ConsoleKey.UpArrow:
                MoveSelection(-1);
                return null;
            case ConsoleKey.DownArrow:
                MoveSelection(1);
                return null;
            case ConsoleKey.PageUp:
                MoveSelection(-10);
                return null;
            case ConsoleKey.PageDown:
                MoveSelection(10);
                return null;
            case ConsoleKey.Spacebar when model.Replay is not null:
                return new ReplayControlAction(TogglePause: true);
            case ConsoleKey.LeftArrow when model.Replay is not null:
                return new ReplayControlAction(Seek: -SeekStep);
            case ConsoleKey.RightArrow when model.Replay is not null:
                return new ReplayControlAction(Seek: SeekStep);
        }

        switch (key.KeyChar)
        {
            case >= '0' and <= '9':
                SelectByDigit(key.KeyChar);
                return null;
            case 'q' or 'Q':
                return new QuitAction();
            case '?' or 'h':
                ui.Mode = DashboardMode.Help;
                return null;
            case 'm' when ui.ShowReps:
                ui.RepMetric = ui.RepMetric.Next();
                return null;
            case 'm':
                ui.Metric = ui.Metric.Next();
                return null;
            case 'r':
                ui.ShowReps = !ui.ShowReps;
                return null;
            case 'l' when ui.SelectedRunnerId is not null:
                return Mark(MarkerKind.Lap, ui.SelectedRunnerId);
            case 'L':
                return Mark(MarkerKind.Lap, null);
            case 'b' when ui.SelectedRunnerId is not null:
                return Mark(MarkerKind.RepStart, ui.SelectedRunnerId);
            case 'B':
                return Mark(MarkerKind.RepStart, null);
            case 'e' when ui.SelectedRunnerId is not null:
                return Mark(MarkerKind.RepEnd, ui.SelectedRunnerId);
            case 'E':
                return Mark(MarkerKind.RepEnd, null);
            case 'M':
                ui.Metric = (SparkMetric)(((int)ui.Metric + SparkMetrics.All.Count - 1) % SparkMetrics.All.Count);
                return null;
            case 'c' when ui.SelectedRunnerId is not null:
                OpenPicker(ui.SelectedRunnerId);
                return null;
            case 'g':
                OpenPicker(null);
                return null;
            case 't' when ui.SelectedRunnerId is not null:
                OpenTyping(ui.SelectedRunnerId);
                return null;
            case 'T':
                OpenTyping(null);
                return null;
            case 'a':
                return AcceptSuggestion();
            case '[' when model.Replay is not null:
                return new ReplayControlAction(SpeedFactor: 0.5);
            case ']' when model.Replay is not null:
                return new ReplayControlAction(SpeedFactor: 2);
            default:
                return null;
        }
    }

    private QuitAction? HandleHelp(ConsoleKeyInfo key)
    {
        ui.Mode = DashboardMode.Normal;
        return key.KeyChar is 'q' ? new QuitAction() : null;
    }

    private SendCueAction? HandlePick(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Escape:
                ui.Mode = DashboardMode.Normal;
                return null;
            case ConsoleKey.UpArrow:
                ui.ChoiceIndex = Math.Max(0, ui.ChoiceIndex - 1);
                return null;
            case ConsoleKey.DownArrow:
                ui.ChoiceIndex = Math.Min(ui.Choices.Count - 1, ui.ChoiceIndex + 1);
                return null;
            case ConsoleKey.Enter:
                return ui.Choices.Count == 0 ? null : Choose(ui.Choices[ui.ChoiceIndex]);
        }

        if (key.KeyChar is >= '1' and <= '9' && key.KeyChar - '1' < ui.Choices.Count)
        {
            return Choose(ui.Choices[key.KeyChar - '1']);
        }

        if (key.KeyChar == 't')
        {
            OpenTyping(ui.CueTarget);
        }

        return null;
    }

    private SendCueAction? HandleType(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Escape:
                ui.Mode = DashboardMode.Normal;
                ui.Input = "";
                return null;
            case ConsoleKey.Backspace:
                ui.Input = ui.Input.Length == 0 ? "" : ui.Input[..^1];
                return null;
            case ConsoleKey.Enter:
                var text = ui.Input.Trim();
                ui.Input = "";
                ui.Mode = DashboardMode.Normal;
                return text.Length == 0 ? null : Send(new CueRequest { RunnerId = ui.CueTarget, Text = text });
        }

        if (!char.IsControl(key.KeyChar) && ui.Input.Length < 200)
        {
            ui.Input += key.KeyChar;
        }

        return null;
    }

    private void OpenPicker(string? runnerId)
    {
        var choices = new List<CueChoice>();
        if (runnerId is not null && model.Find(runnerId) is { } runner)
        {
            // The alert engine's suggestion first, then the catalog's cues for each open alert's kind.
            foreach (var alert in runner.OpenAlerts.OrderByDescending(a => a.Severity).ThenByDescending(a => a.StartedAt))
            {
                if (!string.IsNullOrWhiteSpace(alert.SuggestedCue))
                {
                    choices.Add(new CueChoice(alert.SuggestedCue, Suggested: true));
                }

                choices.AddRange(catalog.For(alert.Kind, alert.Side));
            }
        }

        choices.AddRange(catalog.For(null));
        ui.Choices = [.. choices.DistinctBy(c => c.Text).Take(9)];
        ui.ChoiceIndex = 0;
        ui.CueTarget = runnerId;
        ui.Mode = DashboardMode.PickCue;
    }

    private void OpenTyping(string? runnerId)
    {
        ui.CueTarget = runnerId;
        ui.Input = "";
        ui.Mode = DashboardMode.TypeCue;
    }

    private SendCueAction Choose(CueChoice choice)
    {
        ui.Mode = DashboardMode.Normal;
        // The hub speaks the text when both are sent; the catalog id travels along for the record.
        return Send(new CueRequest { RunnerId = ui.CueTarget, Text = choice.Text, CueId = choice.CueId });
    }

    private SendCueAction? AcceptSuggestion()
    {
        var alert = model.NewestSuggestion(ui.SelectedRunnerId) ?? model.NewestSuggestion(null);
        if (alert is null)
        {
            ui.Message = "No suggested cue open.";
            ui.MessageIsError = true;
            return null;
        }

        // The alert id as cueId is the hub's "accept this suggestion"; the text makes it work on a hub that closed the alert meanwhile.
        return Send(new CueRequest { RunnerId = alert.RunnerId, Text = alert.SuggestedCue, CueId = alert.AlertId });
    }

    private SendCueAction Send(CueRequest request)
    {
        var who = request.RunnerId is null ? "the group" : model.Find(request.RunnerId)?.Name ?? request.RunnerId;
        return new SendCueAction(request, $"\"{request.Text ?? request.CueId}\" to {who}");
    }

    /// <summary>A marker at the hub's now (the coach presses as the runner passes): no time is sent.</summary>
    private AddMarkerAction Mark(MarkerKind kind, string? runnerId)
    {
        var who = runnerId is null ? "the group" : model.Find(runnerId)?.Name ?? runnerId;
        return new AddMarkerAction(new MarkerRequest { Kind = kind, RunnerId = runnerId }, $"{MarkerText(kind)} for {who}");
    }

    public static string MarkerText(MarkerKind kind) => kind switch
    {
        MarkerKind.Lap => "lap",
        MarkerKind.RepStart => "rep start",
        MarkerKind.RepEnd => "rep end",
        _ => "note",
    };

    private void MoveSelection(int delta)
    {
        // The matrix lists runners by number, the runner rows drifting runners first: move in the order on screen.
        var order = ui.ShowReps ? model.Runners : model.DisplayOrder();
        if (order.Count == 0)
        {
            return;
        }

        var index = Math.Max(0, order.ToList().FindIndex(r => r.RunnerId == ui.SelectedRunnerId));
        ui.SelectedRunnerId = order[Math.Clamp(index + delta, 0, order.Count - 1)].RunnerId;
    }

    private void SelectByDigit(char digit)
    {
        var now = time.GetTimestamp();
        var fresh = ui.NumberBuffer.Length > 0 && time.GetElapsedTime(ui.NumberTypedAt, now) <= NumberWindow;
        var candidate = fresh ? ui.NumberBuffer + digit : digit.ToString();
        if (!model.Runners.Any(r => r.Number == int.Parse(candidate, System.Globalization.CultureInfo.InvariantCulture)))
        {
            candidate = digit.ToString();
        }

        ui.NumberBuffer = candidate;
        ui.NumberTypedAt = now;
        var number = int.Parse(candidate, System.Globalization.CultureInfo.InvariantCulture);
        if (model.Runners.FirstOrDefault(r => r.Number == number) is { } runner)
        {
            ui.SelectedRunnerId = runner.RunnerId;
        }
    }
}
