using System.Text.Json;
using Microsoft.Playwright;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>The page's counters (window.mmlPerf) and DevTools readings (Performance metrics, heap, WASM memory).</summary>
internal sealed class PageProbe
{
    // The Blazor runtime's WebAssembly memory, where the .NET heap lives: reachable through the runtime API when
    // the page exposes it; null when not.
    private const string WasmMemoryScript = """
        () => {
          try {
            const rt = (typeof globalThis.getDotnetRuntime === "function" && globalThis.getDotnetRuntime(0))
              || (globalThis.Blazor && globalThis.Blazor.runtime);
            if (rt && typeof rt.localHeapViewU8 === "function") return rt.localHeapViewU8().buffer.byteLength;
            if (rt && rt.Module && rt.Module.HEAPU8) return rt.Module.HEAPU8.buffer.byteLength;
          } catch (e) { }
          return null;
        }
        """;

    private readonly IPage _page;
    private readonly ICDPSession _cdp;

    private PageProbe(IPage page, ICDPSession cdp)
    {
        _page = page;
        _cdp = cdp;
    }

    public static async Task<PageProbe> AttachAsync(IBrowserContext context, IPage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        return new PageProbe(page, cdp);
    }

    /// <summary>Performance.getMetrics as name -> value (durations and Timestamp in seconds).</summary>
    public async Task<IReadOnlyDictionary<string, double>> MetricsAsync()
    {
        var answer = await _cdp.SendAsync("Performance.getMetrics") ?? throw new InvalidOperationException("Performance.getMetrics returned nothing");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in answer.GetProperty("metrics").EnumerateArray())
        {
            metrics[metric.GetProperty("name").GetString()!] = metric.GetProperty("value").GetDouble();
        }

        return metrics;
    }

    /// <summary>After a full GC (so garbage not yet collected does not count as growth): V8 heap and WASM memory.</summary>
    public async Task<PageMemory> MemoryAsync(TimeSpan at)
    {
        await _cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = await _cdp.SendAsync("Runtime.getHeapUsage") ?? throw new InvalidOperationException("Runtime.getHeapUsage returned nothing");
        var wasm = await _page.EvaluateAsync<double?>(WasmMemoryScript);
        return new PageMemory(
            Math.Round(at.TotalSeconds, 1),
            (long)heap.GetProperty("usedSize").GetDouble(),
            (long)heap.GetProperty("totalSize").GetDouble(),
            wasm is { } bytes ? (long)bytes : null);
    }

    public async Task<(long Arrived, long Painted, long Frames, int Tiles)> CountersAsync(string tileSelector)
    {
        var counters = await _page.EvaluateAsync<JsonElement>(
            "selector => ({ arrived: mmlPerf.arrived, painted: mmlPerf.painted, frames: mmlPerf.frames, tiles: document.querySelectorAll(selector).length })",
            tileSelector);
        return (
            counters.GetProperty("arrived").GetInt64(),
            counters.GetProperty("painted").GetInt64(),
            counters.GetProperty("frames").GetInt64(),
            counters.GetProperty("tiles").GetInt32());
    }

    /// <summary>mmlPerf.latencies(): arrival -> paint, ms, the last 65,536.</summary>
    public async Task<double[]> LatenciesAsync() =>
        await _page.EvaluateAsync<double[]>("() => Array.from(window.mmlPerf.latencies())");
}
