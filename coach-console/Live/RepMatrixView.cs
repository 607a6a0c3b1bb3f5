using System.Globalization;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>What each cell of the rep matrix shows; <c>m</c> steps through them while the matrix is up.</summary>
internal enum RepMetric
{
    Time = 0,
    Pace = 1,
    GroundContact = 2,
    PeakHeartRate = 3,
    HrDrop60 = 4,
}

/// <summary>
/// The rep matrix (key <c>r</c>) in place of the runner rows: a row per runner in number order, a column per rep (the
/// newest ones when they do not all fit), one metric per cell, a faded rep marked ▼ in red, a slow recovery ! in yellow;
/// and a line with every figure of the selected runner's latest rep.
/// </summary>
internal static class RepMatrixView
{
    public const string FadeMark = "▼";
    public const string SlowRecoveryMark = "!";
    private const int NameColumns = 18;
    private const int CellWidth = 7;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Label(this RepMetric metric) => metric switch
    {
        RepMetric.Time => "rep time",
        RepMetric.Pace => "pace /km",
        RepMetric.GroundContact => "GCT ms",
        RepMetric.PeakHeartRate => "HR peak",
        _ => "60 s HR drop",
    };

    public static RepMetric Next(this RepMetric metric) => (RepMetric)(((int)metric + 1) % 5);

    /// <summary>The reps shown: as many as fit, ending at the newest rep anyone has run.</summary>
    public static (int First, int Last) Columns(TrackBoard track, int width)
    {
        ArgumentNullException.ThrowIfNull(track);
        var fit = Math.Max(1, (width - NameColumns) / CellWidth);
        var last = Math.Max(1, track.MaxRepCount);
        return (Math.Max(1, last - fit + 1), last);
    }

    public static StyledLine Header(LiveViewModel model, DashboardUi ui, int width)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ui);
        var (first, last) = Columns(model.Track, width);
        var text = "   # " + Cells.Fit("Runner", 12) + " ";
        for (var n = first; n <= last; n++)
        {
            text += Cells.Fit("R" + n.ToString(Inv), CellWidth - 1, alignRight: true) + " ";
        }

        return new StyledLine().Add(Cells.Fit(text, width), "bold grey85 on grey15");
    }

    public static List<StyledLine> Rows(LiveViewModel model, DashboardUi ui, int width, int rowCount, out StyledLine detailLine)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ui);
        var runners = model.Runners;
        var selected = -1;
        for (var i = 0; i < runners.Count; i++)
        {
            selected = runners[i].RunnerId == ui.SelectedRunnerId ? i : selected;
        }

        if (selected >= 0 && selected < ui.ScrollOffset)
        {
            ui.ScrollOffset = selected;
        }
        else if (selected >= ui.ScrollOffset + rowCount)
        {
            ui.ScrollOffset = selected - rowCount + 1;
        }

        ui.ScrollOffset = Math.Clamp(ui.ScrollOffset, 0, Math.Max(0, runners.Count - rowCount));
        var (first, last) = Columns(model.Track, width);
        var rows = new List<StyledLine>(rowCount);
        for (var i = 0; i < rowCount; i++)
        {
            var index = ui.ScrollOffset + i;
            rows.Add(index < runners.Count ? Row(model, runners[index], index == selected, ui.RepMetric, first, last, width) : new StyledLine());
        }

        detailLine = Detail(model, selected >= 0 ? runners[selected] : null, ui.RepMetric, width);
        return rows;
    }

    /// <summary>One rep's cell text for <paramref name="metric"/>, "…" while its heart-rate drop is not known yet.</summary>
    public static string Cell(Rep rep, RepMetric metric)
    {
        ArgumentNullException.ThrowIfNull(rep);
        return metric switch
        {
            RepMetric.Time => Clock(rep.DurationS),
            RepMetric.Pace => rep.PaceSecPerKm is { } pace ? Clock(pace) : "-",
            RepMetric.GroundContact => Format.Number(rep.GroundContactMs, "0"),
            RepMetric.PeakHeartRate => Format.Number(rep.PeakHeartRateBpm),
            _ => rep.HrDrop60Bpm is { } drop ? drop.ToString(Inv) : "…",
        };
    }

    /// <summary>Seconds as "m:ss" (or "h:mm:ss").</summary>
    public static string Clock(double seconds)
    {
        var s = (int)Math.Round(Math.Max(0, seconds));
        return s >= 3600
            ? string.Create(Inv, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}")
            : string.Create(Inv, $"{s / 60}:{s % 60:00}");
    }

    private static StyledLine Row(LiveViewModel model, RunnerView runner, bool isSelected, RepMetric metric, int first, int last, int width)
    {
        string? S(string? style) => isSelected ? (style is null ? DashboardRenderer.SelectedBackground : $"{style} {DashboardRenderer.SelectedBackground}") : style;
        var line = new StyledLine()
            .Add(isSelected ? "▶" : " ", S("bold deepskyblue1"))
            .Add(Cells.Fit(runner.Number.ToString(Inv), 3, alignRight: true) + " ", S("grey70"))
            .Add(Cells.Fit(runner.Name, 12) + " ", S(isSelected ? "bold" : null));
        var track = model.Track.For(runner.RunnerId);
        for (var n = first; n <= last; n++)
        {
            if (track?.Find(n) is not { } rep)
            {
                line.Add(Cells.Fit("·", CellWidth - 1, alignRight: true) + " ", S("grey39"));
                continue;
            }

            var faded = track.IsFaded(rep);
            var slow = metric == RepMetric.HrDrop60 && rep.SlowRecovery;
            var text = Cell(rep, metric) + (faded ? FadeMark : slow ? SlowRecoveryMark : " ");
            line.Add(Cells.Fit(text, CellWidth - 1, alignRight: true) + " ", S(faded ? "bold red" : slow ? "yellow" : null));
        }

        return line.PadTo(width, S(null));
    }

    private static StyledLine Detail(LiveViewModel model, RunnerView? runner, RepMetric metric, int width)
    {
        var line = new StyledLine();
        var track = runner is null ? null : model.Track.For(runner.RunnerId);
        if (runner is null || track is null || track.Reps.Count == 0)
        {
            var waiting = model.Track.BackfillError is { } error ? "earlier reps not read: " + error
                : model.Track.MaxRepCount == 0 ? "no reps yet: they appear as the hub detects them (or as coaches mark them)" : "no reps for this runner yet";
            return line.Add(Cells.Fit($" Rep matrix: {metric.Label()} (m: next figure, r: back to runners) · {waiting}", width), "grey50");
        }

        var rep = track.Reps[^1];
        var parts = new List<string>
        {
            string.Create(Inv, $"{runner.Name} rep {rep.Number}: {Clock(rep.DurationS)}"),
            string.Create(Inv, $"{rep.DistanceM:0} m"),
            rep.PaceSecPerKm is { } pace ? Clock(pace) + "/km" : "pace -",
            "GCT " + Format.Number(rep.GroundContactMs, "0") + " ms",
            "HR peak " + Format.Number(rep.PeakHeartRateBpm),
            "60 s drop " + (rep.HrDrop60Bpm is { } drop ? drop.ToString(Inv) + " bpm" : "…"),
        };
        if (track.LastLap is { } lap)
        {
            parts.Add(string.Create(Inv, $"lap {lap.Number} {Clock(lap.DurationS)}"));
        }

        line.Add(" " + string.Join(" · ", parts), "grey85");
        if (track.IsFaded(rep))
        {
            line.Add(" · faded " + FadeMark, "bold red");
        }

        if (rep.SlowRecovery)
        {
            line.Add(" · slow recovery " + SlowRecoveryMark, "yellow");
        }

        if (rep.Marked)
        {
            line.Add(" · marked", "grey70");
        }

        return line.Cut(width);
    }
}
