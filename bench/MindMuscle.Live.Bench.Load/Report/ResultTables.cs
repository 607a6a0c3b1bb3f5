using System.Globalization;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Scenarios;
using Spectre.Console;

namespace MindMuscle.Live.Bench.Load.Report;

/// <summary>The stdout tables. Product rows that have bare rows with the same load get a ratio row for each under them.</summary>
internal static class ResultTables
{
    public static void WriteRuns(IAnsiConsole console, IReadOnlyList<RunResult> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        if (console.Profile.Width < 200)
        {
            WriteRunsTransposed(console, runs);
            return;
        }

        var table = new Table().Title(Title(runs)).Border(TableBorder.Rounded);
        foreach (var column in new[]
                 {
                     "hub", "proto", "R x Hz", "C", "samples/s acc", "frames/s", "frames/s /coach", "samples /frame", "p50 ms", "p95 ms", "p99 ms", "max ms",
                     "ack p99", "cue p50/p99", "lost C/rec", "dup C/rec", "hub CPU %", "hub RSS MB", "hub GC 0/1/2", "gen CPU %", "gen lag ms", "ok",
                 })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var run in runs)
        {
            table.AddRow(Row(run));
            foreach (var bare in Comparison.BaresFor(run, runs))
            {
                table.AddRow(Ratio(run, bare));
            }
        }

        console.Write(table);
        WriteFootnotes(console, runs);
    }

    /// <summary>The runs' tick order in the title, so that a table's figures say which order they had.</summary>
    private static string Title(IReadOnlyList<RunResult> runs) =>
        $"[bold]Load runs[/] (ticks: {Markup.Escape(string.Join(", ", runs.Select(r => r.Config.TickOrderName).Distinct()))})";

    /// <summary>Errors, and where each hub's CPU went (busiest threads and how long they waited for a core).</summary>
    private static void WriteFootnotes(IAnsiConsole console, IReadOnlyList<RunResult> runs)
    {
        foreach (var run in runs.Where(r => r.HubThreads.Count > 0))
        {
            console.MarkupLineInterpolated($"[grey]{run.Config.Label} hub threads:[/] {ThreadCpu.Describe(run.HubThreads)}; hub CPU per accepted sample {F(run.HubCpuUsPerSample)} us");
        }

        foreach (var run in runs.Where(r => r.Generator is { Seconds.Count: > 0 }))
        {
            console.MarkupLineInterpolated($"[grey]{run.Config.Label} generator:[/] {run.Generator!.Describe()}");
        }

        foreach (var run in runs.Where(r => r.HubGcPauses is not null))
        {
            console.MarkupLineInterpolated($"[grey]{run.Config.Label} hub GC:[/] {run.HubGcPauses}, {run.HubGcHeap?.ToString() ?? "-"}; generator GC: {run.GeneratorGcPauses?.ToString() ?? "-"}, {run.GeneratorGcHeap?.ToString() ?? "-"}");
        }

        foreach (var run in runs.Where(r => r.TailCauses is not null))
        {
            console.MarkupLineInterpolated($"[grey]{run.Config.Label} tail:[/] {run.TailCauses}");
        }

        foreach (var run in runs)
        {
            // Whether a listener was attached at all: a full one costs the hub (see LoadConfig.HubMeters).
            var listener = run.HubMeterListener.ToString().ToLowerInvariant();
            var said = run.HubMeters?.Describe() ?? (run.HubMeterListener == HubMeterMode.None ? "not listened to" : "nothing published");
            console.MarkupLineInterpolated($"[grey]{run.Config.Label} hub meter ({listener} listener):[/] {said}");
        }

        foreach (var run in runs.Where(r => r.Config.Hub == HubKind.Product))
        {
            if (Comparison.CueParts(run, Comparison.BaresFor(run, runs)) is { } cue)
            {
                console.MarkupLineInterpolated($"[grey]{run.Config.Label} cue:[/] {cue}");
            }
        }

        foreach (var run in runs.Where(r => r.GeneratorBehind))
        {
            console.MarkupLineInterpolated($"[yellow]{run.Config.Label}:[/] {run.GeneratorNote}");
        }

        foreach (var run in runs.Where(r => r.Error is not null))
        {
            console.MarkupLineInterpolated($"[red]{run.Config.Label}:[/] {run.Error}");
        }
    }

    /// <summary>A terminal too narrow for a row per run gets a column per run (four runs per table).</summary>
    private static void WriteRunsTransposed(IAnsiConsole console, IReadOnlyList<RunResult> runs)
    {
        string[] metrics =
        [
            "hub", "protocol", "runners x Hz", "coaches", "samples/s accepted", "frames/s (all coaches)", "frames/s per coach", "samples per frame", "p50 ms", "p95 ms", "p99 ms", "max ms",
            "ack p99 ms", "cue p50/p99 ms", "lost coaches/recording", "dup coaches/recording", "hub CPU %", "hub peak RSS MB",
            "hub GC 0/1/2", "load gen CPU %", "load gen lag ms", "ok",
        ];
        foreach (var chunk in runs.Chunk(4))
        {
            var table = new Table().Title(Title(runs)).Border(TableBorder.Rounded).AddColumn("");
            var rows = chunk.Select(Row).ToArray();
            foreach (var _ in chunk)
            {
                table.AddColumn(new TableColumn("").RightAligned());
            }

            for (var m = 0; m < metrics.Length; m++)
            {
                table.AddRow([metrics[m], .. rows.Select(r => r[m])]);
            }

            console.Write(table);
        }

        WriteFootnotes(console, runs);
    }

    public static void WriteBreakingPoints(IAnsiConsole console, IReadOnlyList<BreakingPointResult> points)
    {
        if (points.Count == 0)
        {
            return;
        }

        var table = new Table().Title("[bold]Breaking point[/] (most runners with p99 <= limit and nothing lost)").Border(TableBorder.Rounded);
        table.AddColumns("hub", "proto", "held (runners)", "broke at", "what broke first");
        foreach (var point in points)
        {
            table.AddRow(
                point.Hub, point.Protocol, point.HeldRunners.ToString(CultureInfo.InvariantCulture),
                point.BrokeAtRunners?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(point.BrokeAtRunners is null ? "held at every step" : string.Join("; ", point.BrokeBecause)));
        }

        console.Write(table);
        foreach (var line in Comparison.BreakingPointRatios(points))
        {
            console.MarkupLineInterpolated($"[bold]{line}[/]");
        }
    }

    public static void WriteReplay(IAnsiConsole console, ReplayResult? replay)
    {
        if (replay is null)
        {
            return;
        }

        var table = new Table().Title("[bold]Replay benchmark[/] (product hub)").Border(TableBorder.Rounded);
        table.AddColumns("measure", "measured", "target");
        var c = replay.Config;
        table.AddRow("session", $"{c.Runners} runners x {c.Minutes} min x {c.Hz} Hz = {c.TotalSamples:N0} samples", "");
        table.AddRow("recorded", $"{replay.Recorded:N0} in {replay.WriteSeconds} s = {replay.RecordSamplesPerSecond:N0} samples/s", $">= {replay.NeededSamplesPerSecond:N0}/s (kept up: {(replay.RecordingKeptUp ? "yes" : "NO")})");
        table.AddRow("replay first event", $"{F(replay.ReplayFirstEventMs)} ms", "<= 1000 ms");
        table.AddRow("replay drain", $"{replay.ReplayEvents:N0} events, {F(replay.ReplayEventsPerSecond)}/s{(replay.ReplayDrained ? "" : " (stopped at the cap)")}", "");
        table.AddRow("csv export", $"{replay.CsvRows:N0} rows, {replay.CsvRowsPerSecond:N0} rows/s (first byte {replay.CsvFirstByteMs} ms)", ">= 500,000 rows/s");
        table.AddRow("recording check", $"lost {replay.LostInRecording}, duplicates {replay.DuplicatesInRecording}", "0 / 0");
        table.AddRow("hub peak RSS", $"{replay.HubPeakRssMb} MB", "");
        console.Write(table);
        if (replay.Error is not null)
        {
            console.MarkupLineInterpolated($"[red]replay:[/] {replay.Error}");
        }
    }

    public static void WriteAnalyze(IAnsiConsole console, AnalyzeResult? analyze)
    {
        if (analyze is null)
        {
            return;
        }

        var table = new Table().Title("[bold]analyze --reps benchmark[/] (coach-console, child process)").Border(TableBorder.Rounded);
        table.AddColumns("measure", "measured", "target");
        var c = analyze.Config;
        table.AddRow("session", $"{c.Runners} runners x {c.Minutes} min x {c.Hz} Hz = {analyze.Rows:N0} rows, {analyze.FileBytes / 1e6:0} MB (written in {analyze.WriteSeconds} s)", "");
        table.AddRow("analyze FILE --reps --json", $"{string.Join(" / ", analyze.Seconds.Select(s => F(s)))} s (median {F(analyze.MedianSeconds)} s)", $"<= {AnalyzeResult.TargetSeconds} s");
        table.AddRow("  its CPU time", $"{string.Join(" / ", analyze.CpuSeconds.Select(s => F(s)))} s", "");
        table.AddRow("printed", $"{analyze.RepLines:N0} reps, {analyze.LapLines:N0} laps", $"{c.Runners * 12:N0} reps");
        console.Write(table);
        if (analyze.Error is not null)
        {
            console.MarkupLineInterpolated($"[red]analyze:[/] {analyze.Error}");
        }
    }

    private static string[] Row(RunResult r) =>
    [
        r.Hub, r.Protocol,
        r.Sessions > 1 ? $"{r.Sessions}x{r.RunnersPerSession} x {F(r.Config.Hz)}" : $"{r.Config.Runners} x {F(r.Config.Hz)}",
        r.Sessions > 1 ? $"{r.CoachesPerSession}/session" : r.Config.Coaches.ToString(CultureInfo.InvariantCulture),
        $"{r.AcceptedSamplesPerSecond:N0}", $"{r.FramesPerSecond:N0}", F(r.FramesPerSecondPerCoach), F(r.SamplesPerFrame),
        F(r.Latency.P50Ms), F(r.Latency.P95Ms), F(r.Latency.P99Ms), F(r.Latency.MaxMs), F(r.AckLatency.P99Ms),
        r.CueRoundTrip is null ? "-" : $"{F(r.CueRoundTrip.P50Ms)}/{F(r.CueRoundTrip.P99Ms)}",
        LostCell(r),
        $"{r.DuplicatesAtCoaches}/{(r.DuplicatesInRecording?.ToString(CultureInfo.InvariantCulture) ?? "-")}",
        F(r.HubCpuPercent), F(r.HubPeakRssMb), r.HubGc ?? "n/a", F(r.LoadGenCpuPercent), F(r.GeneratorLagMaxMs),
        Ok(r),
    ];

    /// <summary>"coaches/recording" lost, with the published samples never acknowledged nor recorded after a "+" (not a loss).</summary>
    internal static string LostCell(RunResult r) =>
        $"{r.LostAtCoaches}/{(r.LostInRecording?.ToString(CultureInfo.InvariantCulture) ?? "-")}"
        + (r.UnackedNotRecorded is > 0 ? $" +{r.UnackedNotRecorded.Value.ToString(CultureInfo.InvariantCulture)} unacked" : "");

    /// <summary>
    /// The ok column: "yes" when nothing was lost, doubled or failed; "gen behind" (also after "NO") when the generator
    /// fell behind its schedule, so that its figures are not taken for the hub's.
    /// </summary>
    internal static string Ok(RunResult r) => (r.Clean, r.GeneratorBehind) switch
    {
        (true, false) => "[green]yes[/]",
        (true, true) => "[yellow]gen behind[/]",
        (false, true) => "[red]NO[/], [yellow]gen behind[/]",
        _ => "[red]NO[/]",
    };

    private static string[] Ratio(RunResult product, RunResult bare) =>
    [
        $"[grey]/ {bare.Hub}[/]", "", "", "",
        R(product.AcceptedSamplesPerSecond, bare.AcceptedSamplesPerSecond), R(product.FramesPerSecond, bare.FramesPerSecond),
        R(product.FramesPerSecondPerCoach, bare.FramesPerSecondPerCoach), R(product.SamplesPerFrame, bare.SamplesPerFrame),
        R(product.Latency.P50Ms, bare.Latency.P50Ms), R(product.Latency.P95Ms, bare.Latency.P95Ms),
        R(product.Latency.P99Ms, bare.Latency.P99Ms), R(product.Latency.MaxMs, bare.Latency.MaxMs), "",
        R(product.CueRoundTrip?.P99Ms, bare.CueRoundTrip?.P99Ms), "", "",
        R(product.HubCpuPercent, bare.HubCpuPercent), R(product.HubPeakRssMb, bare.HubPeakRssMb), "", "", "", "",
    ];

    internal static string F(double? value) => value is null ? "-" : value.Value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string R(double? a, double? b) =>
        a is null || b is null || b == 0 ? "" : $"[grey]{(a.Value / b.Value).ToString("0.00", CultureInfo.InvariantCulture)}x[/]";

    internal static string Summary(LatencySummary s) => $"p50 {F(s.P50Ms)} / p99 {F(s.P99Ms)} ms";
}
