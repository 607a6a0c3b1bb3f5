namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// The --web benchmark: R simulated runners at H Hz through the product hub, watched by the real coach page in
/// headless Chromium; arrival -> paint, main-thread busy and memory are read from the page.
/// </summary>
internal sealed record WebConfig
{
    public const string ChromiumVariable = "MML_CHROMIUM";

    /// <summary>Overrides the page's frame budget (mmlPerf.minFrameMs) for an experiment, e.g. 0 for a render on every animation frame.</summary>
    public const string MinFrameMsVariable = "MML_WEB_MIN_FRAME_MS";

    public int Runners { get; init; } = 60;

    public double Hz { get; init; } = 4;

    /// <summary>Published and rendered, not measured: the page loads, JIT-warms and settles.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The measured window (mmlPerf reset at its start).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The first memory reading, counted from the page showing every tile (the last is at the window's end).</summary>
    public TimeSpan EarlyMemoryAt { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Compact tiles: 60 fit 1280x800 without scrolling only in compact mode.</summary>
    public bool Compact { get; init; } = true;

    public int ViewportWidth { get; init; } = 1280;

    public int ViewportHeight { get; init; } = 800;

    public string ChromiumPath { get; init; } =
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The page's least time between renders when set (<see cref="MinFrameMsVariable"/>); null: the page's own.</summary>
    public double? MinFrameMs { get; init; } =
        double.TryParse(Environment.GetEnvironmentVariable(MinFrameMsVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;

    /// <summary>How long the page may take to show a tile for every runner.</summary>
    public TimeSpan TilesTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Where to write a DevTools CPU profile of the page (the window's first <see cref="ProfileDuration"/>); null: none.</summary>
    public string? ProfilePath { get; init; }

    public TimeSpan ProfileDuration { get; init; } = TimeSpan.FromSeconds(30);

    public string Label => $"Web R={Runners} H={Hz} {(Compact ? "compact" : "full")} {Duration.TotalSeconds:0} s";
}
