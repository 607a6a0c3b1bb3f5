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
        Row("samples published / arrived", $"{result.PublishedInWindow} / {result.ArrivedSamples}");
        Row("hub frames arrived / painted", $"{result.Arrived} / {result.Painted}");
        Row("renders / tiles / min ms between renders", $"{result.Frames} / {result.Tiles} / {F(result.MinFrameMs)}");
        Row("tiles whose values moved within 3 s", $"{result.TilesMoving} of {result.Tiles}", "all");
        Row("arrival->paint p50 / p95 / p99 ms", $"{F(result.P50Ms)} / {F(result.P95Ms)} / {F(result.P99Ms)}", "p99 <= 100");
        Row("arrival->paint max ms (n)", $"{F(result.MaxMs)} ({result.LatencyCount})");
        Row("main thread busy % of a core", F(result.MainThreadBusyPct), "<= 30");
        Row("  of which script / layout+style %", $"{F(result.ScriptBusyPct)} / {F(result.LayoutStyleBusyPct)}");
        Row("  of which in renders (rest: receive, decode)", F(result.RenderBusyPct));
        if (result.Dotnet is { } dotnet && result.WindowSeconds > 0)
        {
            Row("  of which in the samples handler %", F(Math.Round(dotnet.HandlerMs / 10 / result.WindowSeconds, 2)));
            Row(".NET allocated MB/s; collections gen0/1/2", $"{F(Math.Round(dotnet.AllocatedBytes / 1048576.0 / result.WindowSeconds, 2))}; {dotnet.Gen0}/{dotnet.Gen1}/{dotnet.Gen2}");
            Row("packed frames the page could not read", dotnet.PackedRejected.ToString(CultureInfo.InvariantCulture), "0");
        }

        Row("renderer main thread / process on-CPU %", result.RendererCpuUnavailable is { } why ? $"- ({why})" : $"{F(result.RendererMainThreadCpuPct)} / {F(result.RendererCpuPct)}");
        Row("memory early: JS heap / WASM (.NET heap) MB", Memory(result.EarlyMemory));
        if (result.MiddleMemory is not null)
        {
            Row("memory middle: JS heap / WASM (.NET heap) MB", Memory(result.MiddleMemory));
        }

        Row("memory end: JS heap / WASM (.NET heap) MB", Memory(result.EndMemory));
        Row("memory growth: JS heap + WASM %", F(result.MemoryGrowthPct), "within 10 (2 -> 30 min)");
        Row("memory growth: JS heap + .NET heap %", F(result.HeapGrowthPct), "proposed: within 10");
        Row("WASM growth middle -> end %", F(result.WasmLateGrowthPct), "proposed: 0 (a plateau)");
        Row("hub CPU %", F(result.HubCpuPct));
        Row("load average 1 min start / end", $"{F(result.LoadAverageStart)} / {F(result.LoadAverageEnd)}");
        Row("publish errors", result.PublishErrors.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
        if (result.Profile is { } profile)
        {
            PageProfile.Write(console, profile);
        }
        if (result.Error is not null)
        {
            console.MarkupLineInterpolated($"[red]web bench failed: {result.Error}[/]");
        }
    }

    private static string Memory(PageMemory? memory) =>
        memory is null ? "-" : $"{Mb(memory.JsHeapUsedBytes)} / {(memory.WasmMemoryBytes is { } wasm ? Mb(wasm) : "n/a")}{(memory.DotnetHeapBytes is { } managed ? $" ({Mb(managed)})" : "")} at {F(memory.AtSeconds)} s";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "-";
}
