namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// One memory reading of the page: V8's heap after a forced GC, the WebAssembly linear memory, and the .NET heap inside
/// it (GC.GetTotalMemory, not forced: tells a growing heap from a runtime that only kept its high-water mark).
/// </summary>
internal sealed record PageMemory(double AtSeconds, long JsHeapUsedBytes, long JsHeapTotalBytes, long? WasmMemoryBytes, long? DotnetHeapBytes = null)
{
    /// <summary>JS heap used + WASM memory (WASM memory only grows, so it is the runtime's high-water mark).</summary>
    public long TotalBytes => JsHeapUsedBytes + (WasmMemoryBytes ?? 0);
}

/// <summary>What the --web benchmark measured.</summary>
internal sealed record WebResult
{
    public required WebConfig Config { get; init; }

    public double WindowSeconds { get; init; }

    /// <summary>Samples the runners published in the window (what the page should have seen).</summary>
    public long PublishedInWindow { get; init; }

    /// <summary>mmlPerf.arrived: samples frames (the hub coalesces samples into frames) that reached the page's handler in the window.</summary>
    public long Arrived { get; init; }

    /// <summary>mmlPerf.samples: the samples in those frames.</summary>
    public long ArrivedSamples { get; init; }

    /// <summary>mmlPerf.painted: of those frames, how many a painted frame closed.</summary>
    public long Painted { get; init; }

    /// <summary>mmlPerf.frames: animation frames that rendered changes.</summary>
    public long Frames { get; init; }

    /// <summary>mmlPerf.renderMs / wall time: the part of the main thread spent rendering, % of one core.</summary>
    public double RenderBusyPct { get; init; }

    /// <summary>The .NET side over the window: samples handler time, allocations, collections.</summary>
    public DotnetCounters? Dotnet { get; init; }

    /// <summary>mmlPerf.minFrameMs during the run: the page's least time between two renders.</summary>
    public double MinFrameMs { get; init; }

    public int Tiles { get; init; }

    /// <summary>Tiles whose values moved in one second at the end of the window (all of them, for a page that shows its data).</summary>
    public int TilesMoving { get; init; }

    /// <summary>Latencies the percentiles are over (mmlPerf keeps the last 65,536).</summary>
    public int LatencyCount { get; init; }

    public double? P50Ms { get; init; }

    public double? P95Ms { get; init; }

    public double? P99Ms { get; init; }

    public double? MaxMs { get; init; }

    /// <summary>Performance.getMetrics TaskDuration delta / wall time, % of one core.</summary>
    public double MainThreadBusyPct { get; init; }

    /// <summary>ScriptDuration delta / wall time (part of the above), % of one core.</summary>
    public double ScriptBusyPct { get; init; }

    /// <summary>LayoutDuration + RecalcStyleDuration deltas / wall time (part of the busy time), % of one core.</summary>
    public double LayoutStyleBusyPct { get; init; }

    /// <summary>On-CPU time of the renderer's main thread (from /proc) / wall time, % of one core.</summary>
    public double? RendererMainThreadCpuPct { get; init; }

    /// <summary>On-CPU time of the whole renderer process (all its threads) / wall time, % of one core.</summary>
    public double? RendererCpuPct { get; init; }

    /// <summary>Why the window has no renderer CPU figures (its renderer processes changed), or null.</summary>
    public string? RendererCpuUnavailable { get; init; }

    /// <summary>The page's CPU profile over the window's first seconds (--web-profile); null without one.</summary>
    public ProfileSummary? Profile { get; init; }

    public PageMemory? EarlyMemory { get; init; }

    /// <summary>Half-way through the window, in runs where that is at least a minute after <see cref="EarlyMemory"/>.</summary>
    public PageMemory? MiddleMemory { get; init; }

    public PageMemory? EndMemory { get; init; }

    /// <summary>(end - early) / early of the JS heap + the .NET heap (after collections): what the page holds, %.</summary>
    public double? HeapGrowthPct =>
        EarlyMemory is { DotnetHeapBytes: { } early } first && EndMemory is { DotnetHeapBytes: { } end } last && first.JsHeapUsedBytes + early > 0
            ? Math.Round((last.JsHeapUsedBytes + end - (first.JsHeapUsedBytes + early)) * 100.0 / (first.JsHeapUsedBytes + early), 2)
            : null;

    /// <summary>(end - middle) / middle of the WASM memory: 0 when its high-water mark has stopped rising, %.</summary>
    public double? WasmLateGrowthPct =>
        MiddleMemory is { WasmMemoryBytes: { } middle } && middle > 0 && EndMemory is { WasmMemoryBytes: { } end }
            ? Math.Round((end - middle) * 100.0 / middle, 2)
            : null;

    /// <summary>(end - early) / early of JS heap + WASM memory, %.</summary>
    public double? MemoryGrowthPct =>
        EarlyMemory is { TotalBytes: > 0 } early && EndMemory is { } end
            ? Math.Round((end.TotalBytes - early.TotalBytes) * 100.0 / early.TotalBytes, 2)
            : null;

    public double HubCpuPct { get; init; }

    public double LoadAverageStart { get; init; }

    public double LoadAverageEnd { get; init; }

    public long PublishErrors { get; init; }

    public string? Error { get; init; }
}
