using System.Text.Json;
using Microsoft.Playwright;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>The page's counters (window.mmlPerf) and DevTools readings (Performance metrics, heap, WASM memory).</summary>
internal sealed class PageProbe
{
    // The Blazor runtime's WebAssembly memory, where the .NET heap lives: reachable through the runtime API when
    // the page exposes it; null when not.
    internal const string WasmMemoryScript = """
        () => {
          try {
            const rt = (typeof globalThis.getDotnetRuntime === "function" && globalThis.getDotnetRuntime(0))
              || (globalThis.Blazor && globalThis.Blazor.runtime);
            if (rt && typeof rt.localHeapViewU8 === "function") return rt.localHeapViewU8().buffer.byteLength;
            if (rt && rt.Module && rt.Module.HEAPU8) return rt.Module.HEAPU8.buffer.byteLength;
          } catch (e) { /* a runtime without the API: null says "not available" */ }
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
        // After a full .NET collection where the page offers it (else the heap as it is, garbage included).
        var dotnetHeap = await _page.EvaluateAsync<double?>(
            "() => (window.mmlPerf.dotnetHeap ? window.mmlPerf.dotnetHeap() : window.mmlPerf.dotnet ? window.mmlPerf.dotnet().heapBytes : null)");
        return new PageMemory(
            Math.Round(at.TotalSeconds, 1),
            (long)heap.GetProperty("usedSize").GetDouble(),
            (long)heap.GetProperty("totalSize").GetDouble(),
            wasm is { } bytes ? (long)bytes : null,
            dotnetHeap is { } managed ? (long)managed : null);
    }

    public async Task<PageCounters> CountersAsync(string tileSelector)
    {
        var counters = await _page.EvaluateAsync<JsonElement>(
            """
            selector => ({ arrived: mmlPerf.arrived, samples: mmlPerf.samples ?? 0, painted: mmlPerf.painted, frames: mmlPerf.frames,
                           renderMs: mmlPerf.renderMs ?? 0, minFrameMs: mmlPerf.minFrameMs ?? 0, tiles: document.querySelectorAll(selector).length })
            """,
            tileSelector);
        return new PageCounters(
            counters.GetProperty("arrived").GetInt64(),
            counters.GetProperty("samples").GetInt64(),
            counters.GetProperty("painted").GetInt64(),
            counters.GetProperty("frames").GetInt64(),
            counters.GetProperty("renderMs").GetDouble(),
            counters.GetProperty("minFrameMs").GetDouble(),
            counters.GetProperty("tiles").GetInt32());
    }

    /// <summary>mmlPerf.dotnet(): the .NET side's cumulative counters; null from a page without them.</summary>
    public async Task<DotnetCounters?> DotnetAsync()
    {
        var stats = await _page.EvaluateAsync<JsonElement>("() => (window.mmlPerf.dotnet ? window.mmlPerf.dotnet() : null)");
        return stats.ValueKind != JsonValueKind.Object
            ? null
            : new DotnetCounters(
                stats.GetProperty("handlerMs").GetDouble(),
                stats.GetProperty("allocatedBytes").GetInt64(),
                stats.GetProperty("gen0").GetInt32(),
                stats.GetProperty("gen1").GetInt32(),
                stats.GetProperty("gen2").GetInt32(),
                // A page before packed frames has no such counter.
                stats.TryGetProperty("packedRejected", out var rejected) ? rejected.GetInt64() : 0);
    }

    public Task StartProfileAsync() => PageProfile.StartAsync(_cdp);

    public Task<ProfileSummary> StopProfileAsync(string path) => PageProfile.StopAsync(_cdp, path);

    /// <summary>
    /// Tiles whose ground-contact text changed within 3 s (polled every 100 ms): the bench's runners change it with every
    /// sample, so a page that shows its data live moves every tile (a cheap page that stopped showing values does not).
    /// </summary>
    public async Task<(int Moved, int Tiles)> ValuesMovingAsync() =>
        await _page.EvaluateAsync<int[]>(
            """
            async () => {
              const read = () => Array.from(document.querySelectorAll("article.tile[data-runner-id] [data-metric=groundContactMs]"), e => e.textContent);
              // Polled, not two reads 1 s apart: a runner's values repeat every 8 samples (2 s at 4 Hz), so a tile
              // read after a stall and its catch-up burst could show the same text though it moved meanwhile.
              const before = read();
              const moved = new Set();
              for (let waited = 0; waited < 3000 && moved.size < before.length; waited += 100) {
                await new Promise(r => setTimeout(r, 100));
                read().forEach((t, i) => { if (t !== before[i]) moved.add(i); });
              }
              return [moved.size, before.length];
            }
            """) is [var moved, var tiles] ? (moved, tiles) : (0, 0);

    /// <summary>Sets mmlPerf.minFrameMs (the page's frame budget) for an experiment.</summary>
    public Task SetMinFrameMsAsync(double ms) => _page.EvaluateAsync("ms => { window.mmlPerf.minFrameMs = ms; }", ms);

    /// <summary>mmlPerf.latencies(): arrival -> paint, ms, the last 65,536.</summary>
    public async Task<double[]> LatenciesAsync() =>
        await _page.EvaluateAsync<double[]>("() => Array.from(window.mmlPerf.latencies())");
}

/// <summary>window.mmlPerf's counters at the end of the window, and the tiles shown.</summary>
internal sealed record PageCounters(long Arrived, long Samples, long Painted, long Frames, double RenderMs, double MinFrameMs, int Tiles);

/// <summary>
/// The page's .NET counters (cumulative): samples handler time, bytes allocated, collections per generation, packed
/// samples frames it could not read.
/// </summary>
internal sealed record DotnetCounters(double HandlerMs, long AllocatedBytes, int Gen0, int Gen1, int Gen2, long PackedRejected)
{
    public DotnetCounters Minus(DotnetCounters start) =>
        new(HandlerMs - start.HandlerMs, AllocatedBytes - start.AllocatedBytes, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2,
            PackedRejected - start.PackedRejected);
}
