using MindMuscle.Live.Bench.Load.Hosting;

namespace MindMuscle.Live.Bench.Load.Companion;

/// <summary>What a companion run is: its length, rate, browser and hub.</summary>
internal sealed record CompanionConfig
{
    public const string ChromiumVariable = "MML_CHROMIUM";

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Notifications per second from each of the two sensors.</summary>
    public double Hz { get; init; } = 4;

    public string ChromiumPath { get; init; } = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";

    public string HubDll { get; init; } = HubLocation.DefaultProductHubDll;
}

/// <summary>The page's memory after a full GC: V8 heap used and the WASM memory (where the .NET heap lives).</summary>
internal sealed record CompanionMemory(long JsHeapUsedBytes, long? WasmBytes);

/// <summary>One companion run's figures (or why it failed).</summary>
internal sealed record CompanionResult
{
    public required CompanionConfig Config { get; init; }

    public string? Error { get; init; }

    public double WindowSeconds { get; init; }

    /// <summary>Notifications the emulated sensors delivered in the window (both sensors).</summary>
    public long Notifications { get; init; }

    /// <summary>Readings whose hub ack the page saw in the window, and their notification -> ack times.</summary>
    public long Acked { get; init; }

    public double AckP50Ms { get; init; }

    public double AckP99Ms { get; init; }

    public double AckMaxMs { get; init; }

    public long OutboxDepthAtEnd { get; init; }

    /// <summary>On-CPU time of Chromium's renderer processes (all threads), % of one core; null with <see cref="RendererCpuUnavailable"/>.</summary>
    public double? RendererCpuPct { get; init; }

    public double? RendererMainThreadCpuPct { get; init; }

    /// <summary>Why the window has no renderer CPU figure (its renderer processes changed), or null.</summary>
    public string? RendererCpuUnavailable { get; init; }

    /// <summary>DevTools TaskDuration over the window (wall time: a loaded machine's waits count).</summary>
    public double MainThreadBusyPct { get; init; }

    public CompanionMemory? StartMemory { get; init; }

    public CompanionMemory? EndMemory { get; init; }

    public double LoadAverageStart { get; init; }

    public double LoadAverageEnd { get; init; }

    public int EmulationErrors { get; init; }
}
