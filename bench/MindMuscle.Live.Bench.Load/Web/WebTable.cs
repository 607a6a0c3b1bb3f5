using System.Globalization;
using Spectre.Console;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>The --web figures as a two-column table (one row per figure, the targets beside them).</summary>
internal static class WebTable
{
    public static void Write(IAnsiConsole console, WebResult result)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(result.Config.Label)}[/]").Border(TableBorder.Rounded);
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddColumn("target");
        void Row(string name, string value, string target = "") => table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(target));

        Row("window s", F(result.WindowSeconds));
        Row("published / arrived / painted", $"{result.PublishedInWindow} / {result.Arrived} / {result.Painted}");
        Row("frames / tiles", $"{result.Frames} / {result.Tiles}");
        Row("arrival->paint p50 / p95 / p99 ms", $"{F(result.P50Ms)} / {F(result.P95Ms)} / {F(result.P99Ms)}", "p99 <= 100");
        Row("arrival->paint max ms (n)", $"{F(result.MaxMs)} ({result.LatencyCount})");
        Row("main thread busy % of a core", F(result.MainThreadBusyPct), "<= 30");
        Row("  of which script / layout+style %", $"{F(result.ScriptBusyPct)} / {F(result.LayoutStyleBusyPct)}");
        Row("renderer main thread / process on-CPU %", $"{F(result.RendererMainThreadCpuPct)} / {F(result.RendererCpuPct)}");
        Row("memory early: JS heap / WASM MB", Memory(result.EarlyMemory));
        Row("memory end: JS heap / WASM MB", Memory(result.EndMemory));
        Row("memory growth %", F(result.MemoryGrowthPct), "within 10 (2 -> 30 min)");
        Row("hub CPU %", F(result.HubCpuPct));
        Row("load average 1 min start / end", $"{F(result.LoadAverageStart)} / {F(result.LoadAverageEnd)}");
        Row("publish errors", result.PublishErrors.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        if (result.Error is not null)
        {
            console.MarkupLineInterpolated($"[red]web bench failed: {result.Error}[/]");
        }
    }

    private static string Memory(PageMemory? memory) =>
        memory is null ? "-" : $"{Mb(memory.JsHeapUsedBytes)} / {(memory.WasmMemoryBytes is { } wasm ? Mb(wasm) : "n/a")} at {F(memory.AtSeconds)} s";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";
}
