using System.Diagnostics;
using Microsoft.Playwright;
using MindMuscle.Live.Bench.Load.Clients;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// The product hub as a child process, R simulated runners publishing through it (the load generator's publishers),
/// and the real coach page (its coachUrl) in headless Chromium: once every tile shows, a warm-up, then mmlPerf is reset
/// and the window is measured from the page (arrival -> paint) and DevTools (TaskDuration, heap). Stops everything.
/// </summary>
internal static class WebBench
{
    private const string TileSelector = "article.tile[data-runner-id]";

    public static async Task<WebResult> RunAsync(WebConfig config, HubSetup setup, RunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(setup);
        var load0 = MachineInfo.Read().LoadAverage1m;
        if (!File.Exists(config.ChromiumPath))
        {
            return Failed(config, load0, $"Chromium not found at {config.ChromiumPath}: install it (apt-get install -y --no-install-recommends chromium), or pass --chromium / set {WebConfig.ChromiumVariable}");
        }

        progress("starting hub", 0);
        await using var hub = await HubProcess.StartAsync(HubKind.Product, setup.ProductHubDll, setup.ProductHubArgs, bareRecord: false, cancellationToken);
        using var endpoint = new HubEndpoint(HubKind.Product, hub.BaseUri, hub.CoachKey);
        var stats = new RunStats();
        var runners = new RunnerClient[config.Runners];
        using var stopPublishing = new CancellationTokenSource();
        var publisher = new Publisher(runners, config.Hz);
        var publishing = Task.CompletedTask;
        try
        {
            await endpoint.CreateSessionAsync($"web bench {config.Label}", cancellationToken);
            progress("connecting runners", 0);
            await ConnectRunnersAsync(config, endpoint, stats, runners, cancellationToken);
            publishing = publisher.RunAsync(hub, stopPublishing.Token);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = config.ChromiumPath,
                Headless = true,
                // --no-sandbox: containers run as root, where Chromium's sandbox refuses to start.
                Args = ["--no-sandbox"],
            });
            await using var context = await browser.NewContextAsync(new()
            {
                ViewportSize = new ViewportSize { Width = config.ViewportWidth, Height = config.ViewportHeight },
            });
            var page = await context.NewPageAsync();
            var probe = await PageProbe.AttachAsync(context, page);

            progress("opening the page", 0);
            var coachUrl = endpoint.CoachUrl ?? throw new InvalidOperationException("POST /api/sessions returned no coachUrl");
            await page.GotoAsync(coachUrl.ToString());
            if (config.Compact)
            {
                // The toggle appears once the app has booted: on a loaded machine that takes as long as the tiles may.
                await page.Locator("[data-toggle=compact]").ClickAsync(new() { Timeout = (float)config.TilesTimeout.TotalMilliseconds });
            }

            progress("waiting for tiles", 0);
            await page.WaitForFunctionAsync(
                "([selector, n]) => window.mmlPerf !== undefined && document.querySelectorAll(selector).length >= n",
                new object[] { TileSelector, config.Runners },
                new() { Timeout = (float)config.TilesTimeout.TotalMilliseconds, PollingInterval = 250 });
            var shown = Stopwatch.StartNew();

            if (config.MinFrameMs is { } minFrameMs)
            {
                await probe.SetMinFrameMsAsync(minFrameMs);
            }

            await WaitAsync(hub, shown, config.Warmup, "warming up", config.Warmup, progress, cancellationToken);
            await page.EvaluateAsync("() => window.mmlPerf.reset()");
            var metrics0 = await probe.MetricsAsync();
            var dotnet0 = await probe.DotnetAsync();
            var published0 = publisher.Issued;
            var hubCpu0 = hub.CpuTime();
            var renderer0 = await RendererCpu.ReadAsync(browser);
            var windowClock = Stopwatch.StartNew();
            var windowEnd = config.Warmup + config.Duration;

            ProfileSummary? profile = null;
            if (config.ProfilePath is { } profilePath)
            {
                await probe.StartProfileAsync();
                var profileEnd = config.Warmup + (config.ProfileDuration < config.Duration ? config.ProfileDuration : config.Duration);
                await WaitAsync(hub, shown, profileEnd, "profiling", windowEnd, progress, cancellationToken);
                profile = await probe.StopProfileAsync(profilePath);
            }

            PageMemory? early = null;
            if (config.EarlyMemoryAt < windowEnd)
            {
                await WaitAsync(hub, shown, config.EarlyMemoryAt, "measuring", windowEnd, progress, cancellationToken);
                early = await probe.MemoryAsync(shown.Elapsed);
            }

            // Half-way through the window (15 minutes of 30): WASM memory never shrinks, so a plateau shows as the
            // same figure here and at the end.
            PageMemory? middle = null;
            var middleAt = config.Warmup + (config.Duration / 2);
            if (early is not null && middleAt - config.EarlyMemoryAt >= TimeSpan.FromMinutes(1))
            {
                await WaitAsync(hub, shown, middleAt, "measuring", windowEnd, progress, cancellationToken);
                middle = await probe.MemoryAsync(shown.Elapsed);
            }

            await WaitAsync(hub, shown, windowEnd, "measuring", windowEnd, progress, cancellationToken);
            var metrics1 = await probe.MetricsAsync();
            var dotnet1 = await probe.DotnetAsync();
            var windowSeconds = windowClock.Elapsed.TotalSeconds;
            var publishedInWindow = publisher.Issued - published0;
            var hubCpu = (hub.CpuTime() - hubCpu0).TotalSeconds / windowSeconds * 100;
            var renderer = RendererCpu.Between(renderer0, await RendererCpu.ReadAsync(browser), windowSeconds);
            var counters = await probe.CountersAsync(TileSelector);
            var moving = await probe.ValuesMovingAsync();
            var latencies = await probe.LatenciesAsync();

            progress("reading memory", 0);
            var end = await probe.MemoryAsync(shown.Elapsed);
            early ??= end;
            Array.Sort(latencies);
            return new WebResult
            {
                Config = config,
                WindowSeconds = Math.Round(windowSeconds, 2),
                PublishedInWindow = publishedInWindow,
                Arrived = counters.Arrived,
                ArrivedSamples = counters.Samples,
                Painted = counters.Painted,
                Frames = counters.Frames,
                RenderBusyPct = Math.Round(counters.RenderMs / 1000 / windowSeconds * 100, 2),
                MinFrameMs = counters.MinFrameMs,
                Dotnet = dotnet0 is not null && dotnet1 is not null ? dotnet1.Minus(dotnet0) : null,
                Tiles = counters.Tiles,
                TilesMoving = moving.Moved,
                LatencyCount = latencies.Length,
                P50Ms = Percentile(latencies, 50),
                P95Ms = Percentile(latencies, 95),
                P99Ms = Percentile(latencies, 99),
                MaxMs = latencies.Length == 0 ? null : Math.Round(latencies[^1], 2),
                MainThreadBusyPct = Busy(metrics0, metrics1, "TaskDuration"),
                ScriptBusyPct = Busy(metrics0, metrics1, "ScriptDuration"),
                LayoutStyleBusyPct = Math.Round(Busy(metrics0, metrics1, "LayoutDuration") + Busy(metrics0, metrics1, "RecalcStyleDuration"), 2),
                Profile = profile,
                EarlyMemory = early,
                MiddleMemory = middle,
                EndMemory = end,
                RendererMainThreadCpuPct = renderer.MainThreadPct,
                RendererCpuPct = renderer.ProcessPct,
                RendererCpuUnavailable = renderer.Unavailable,
                HubCpuPct = Math.Round(hubCpu, 1),
                LoadAverageStart = load0,
                LoadAverageEnd = MachineInfo.Read().LoadAverage1m,
                PublishErrors = stats.PublishErrors,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            hub.KeepFolder();
            return Failed(config, load0, $"{e.GetType().Name}: {e.Message} (hub log: {hub.LogPath})");
        }
        finally
        {
            progress("stopping", 0);
            await stopPublishing.CancelAsync();
            await publishing;
            await StopRunnersAsync(runners);
        }
    }

    /// <summary>The rank rule mmlPerf.percentile uses (nearest rank), over sorted values.</summary>
    internal static double? Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return Math.Round(sorted[rank], 2);
    }

    private static double Busy(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, string metric)
    {
        var wall = after["Timestamp"] - before["Timestamp"];
        return wall <= 0 ? 0 : Math.Round((after.GetValueOrDefault(metric) - before.GetValueOrDefault(metric)) / wall * 100, 2);
    }

    private static WebResult Failed(WebConfig config, double load0, string error) =>
        new() { Config = config, LoadAverageStart = load0, LoadAverageEnd = MachineInfo.Read().LoadAverage1m, Error = error };

    private static async Task ConnectRunnersAsync(WebConfig config, HubEndpoint endpoint, RunStats stats, RunnerClient[] runners, CancellationToken cancellationToken)
    {
        // Room for every sample the longest run publishes: tiles wait, warm-up, window, and a margin.
        var seconds = (config.TilesTimeout + config.Warmup + config.Duration).TotalSeconds + 60;
        var capacity = (long)Math.Ceiling(seconds * config.Hz) + 16;
        var clock = new SampleClock();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, config.Runners),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var identity = await endpoint.JoinAsync(i, ct);
                var runner = new RunnerClient(identity, endpoint.RunnerConnection(identity, WireProtocol.Json), capacity, maxBatch: 50, maxInFlight: 4, stats, clock);
                runners[i] = runner;
                await runner.Connection.StartAsync(ct);
            });
    }

    private static async Task StopRunnersAsync(RunnerClient?[] runners)
    {
        foreach (var runner in runners)
        {
            if (runner is null)
            {
                continue;
            }

            runner.Stopping = true;
            await runner.Connection.DisposeAsync();
        }
    }

    /// <summary>Waits until <paramref name="since"/> reaches <paramref name="until"/>, failing fast if the hub dies.</summary>
    private static async Task WaitAsync(
        HubProcess hub, Stopwatch since, TimeSpan until, string phase, TimeSpan phaseEnd, RunProgress progress, CancellationToken cancellationToken)
    {
        while (since.Elapsed < until)
        {
            if (hub.HasExited)
            {
                throw new InvalidOperationException($"hub exited with code {hub.ExitCode}:\n{hub.LogTail()}");
            }

            progress(phase, since.Elapsed / phaseEnd);
            var left = until - since.Elapsed;
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>One loop for all runners: publish k goes to runner k % R at k / (R * H) s, spread evenly over each period.</summary>
    private sealed class Publisher(RunnerClient[] runners, double hz)
    {
        private long _issued;

        public long Issued => Interlocked.Read(ref _issued);

        public async Task RunAsync(HubProcess hub, CancellationToken stop)
        {
            var rate = runners.Length * hz;
            var start = SampleClock.Now;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            try
            {
                while (await timer.WaitForNextTickAsync(stop) && !hub.HasExited)
                {
                    var now = SampleClock.Now;
                    var due = (long)((now - start) / (double)Stopwatch.Frequency * rate);
                    for (var issued = Issued; issued < due; issued++)
                    {
                        runners[issued % runners.Length].Tick(now);
                        Interlocked.Increment(ref _issued);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over.
            }
        }
    }
}
