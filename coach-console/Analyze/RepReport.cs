using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>
/// Prints what <see cref="RepMatrix"/> found: a rep matrix (runner × rep) and a lap table as Spectre.Console tables,
/// or one JSON object per line for each rep (<c>rep</c>) and lap (<c>lap</c>), with <c>runnerId</c> first.
/// </summary>
internal static class RepReport
{
    public static void WriteTables(RepMatrix matrix, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;

        var reps = matrix.Reps;
        var repCount = reps.Count == 0 ? 0 : reps.Max(r => r.Rep.Number);
        var repTable = new Table().Title("Reps").AddColumn("runner");
        for (var n = 1; n <= repCount; n++)
        {
            repTable.AddColumn(new TableColumn(F($"rep {n}")).RightAligned());
        }

        foreach (var runner in reps.GroupBy(r => r.RunnerId))
        {
            var cells = new string[repCount + 1];
            cells[0] = Markup.Escape(runner.Key);
            foreach (var row in runner)
            {
                cells[row.Rep.Number] = Markup.Escape(Cell(row));
            }

            repTable.AddRow(cells.Select(c => c ?? string.Empty).ToArray());
        }

        console.Write(repTable);

        var lapTable = new Table().Title("Laps").AddColumn("runner").AddColumn("lap")
            .AddColumn(new TableColumn("time").RightAligned()).AddColumn(new TableColumn("distance").RightAligned())
            .AddColumn(new TableColumn("pace").RightAligned());
        foreach (var row in matrix.Laps)
        {
            var lap = row.Lap;
            lapTable.AddRow(
                Markup.Escape(row.RunnerId), F($"{lap.Number}{(lap.Marked ? " (marked)" : "")}"), Duration(lap.DurationS),
                F($"{lap.DistanceM:0} m"), lap.PaceSecPerKm is { } pace ? Pace(pace) : "-");
        }

        console.Write(lapTable);
        console.WriteLine();
        output.Flush();
    }

    public static void WriteJsonLines(RepMatrix matrix, TextWriter output)
    {
        foreach (var row in matrix.Reps)
        {
            var json = Line(row.RunnerId, JsonSerializer.SerializeToNode(row.Rep)!.AsObject());
            json["faded"] = row.Faded;
            output.WriteLine(json.ToJsonString());
        }

        foreach (var row in matrix.Laps)
        {
            output.WriteLine(Line(row.RunnerId, JsonSerializer.SerializeToNode(row.Lap)!.AsObject()).ToJsonString());
        }

        output.Flush();
    }

    /// <summary>A rep's cell: time, pace, GCT, HR peak, 60 s drop, then what the coach should notice.</summary>
    internal static string Cell(RepRow row)
    {
        var rep = row.Rep;
        var lines = new List<string>
        {
            Duration(rep.DurationS) + F($" ({rep.DistanceM:0} m)"),
            rep.PaceSecPerKm is { } pace ? Pace(pace) : "-",
            rep.GroundContactMs is { } gct ? F($"GCT {gct:0} ms") : "GCT -",
            rep.PeakHeartRateBpm is { } peak ? F($"HR {peak}") : "HR -",
            rep.HrDrop60Bpm is { } drop ? F($"60s -{drop}") : "60s -",
        };
        if (row.Faded)
        {
            lines.Add("FADE");
        }

        if (rep.SlowRecovery)
        {
            lines.Add("SLOW REC");
        }

        return string.Join('\n', lines);
    }

    private static JsonObject Line(string runnerId, JsonObject body)
    {
        var json = new JsonObject { ["runnerId"] = runnerId };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            json[key] = value;
        }

        return json;
    }

    private static string Duration(double seconds) => F($"{(int)(seconds / 60)}:{seconds % 60:00.0}");

    private static string Pace(double secPerKm) => F($"{(int)(secPerKm / 60)}:{(int)(secPerKm % 60):00}/km");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
