using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Bench.Load.Web;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Bench.Load.Companion;

/// <summary>
/// The runner companion page (its joinUrl) in headless Chromium with an emulated strap and footpod notifying at
/// <see cref="CompanionConfig.Hz"/> each, against the product hub as a child process: after a warm-up, the window's
/// renderer CPU (from /proc), main-thread busy time (DevTools), page memory (V8 heap and WASM memory after a GC, at the
/// start and end of the window) and the notification -> hub ack time (the page's window.mmlCompanionPerf).
/// </summary>
internal static class CompanionBench
{
    private static readonly float StepMs = 120_000; // a loaded machine boots the app slowly

    public static async Task<CompanionResult> RunAsync(CompanionConfig config, Action<string> progress, CancellationToken cancellationToken)
    {
        var load0 = MachineInfo.Read().LoadAverage1m;
        if (!File.Exists(config.ChromiumPath))
        {
            return new CompanionResult { Config = config, Error = $"Chromium not found at {config.ChromiumPath}: install it (apt-get install -y --no-install-recommends chromium), or pass --chromium" };
        }

        progress("starting hub");
        await using var hub = await HubProcess.StartAsync(HubKind.Product, config.HubDll, [], bareRecord: false, cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = hub.BaseUri };
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = "companion bench" }) };
            create.Headers.Add("X-Coach-Key", hub.CoachKey);
            using var created = await http.SendAsync(create, cancellationToken);
            created.EnsureSuccessStatusCode();
            var session = await created.Content.ReadFromJsonAsync<CreateSessionResponse>(cancellationToken)
                ?? throw new InvalidOperationException("POST /api/sessions returned no body");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = config.ChromiumPath,
                Headless = true,
                // --no-sandbox: containers run as root; Web Bluetooth is behind a flag on Linux.
                Args = ["--no-sandbox", "--enable-features=WebBluetooth"],
            });
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 412, Height = 915 }, HasTouch = true });
            context.SetDefaultTimeout(StepMs);
            var page = await context.NewPageAsync();
            await using var sensors = await CompanionPeripherals.StartAsync(browser, context, page);
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Performance.enable");

            progress("joining");
            await page.GotoAsync(new Uri(hub.BaseUri, session.JoinUrl).ToString());
            await page.Locator("[name=runnerName]").FillAsync("Bench runner");
            await page.Locator("[data-action=join]").ClickAsync();
            await page.Locator("[data-connection=connected]").WaitForAsync();
            foreach (var count in new[] { 1, 2 })
            {
                await page.Locator("[data-action=connect-sensors]").ClickAsync();
                await page.WaitForFunctionAsync("n => document.querySelectorAll('[data-sensor-state=connected]').length >= n", count, new() { Timeout = StepMs });
            }

            await page.WaitForFunctionAsync("() => window.mmlCompanionPerf !== undefined", null, new() { Timeout = StepMs });
            using var stop = new CancellationTokenSource();
            var ticks = TickAsync(page, config.Hz, stop.Token);
            try
            {
                progress("warming up");
                await Task.Delay(config.Warmup, cancellationToken);
                await page.EvaluateAsync("() => window.mmlCompanionPerf.read(true)");
                var start = await MemoryAsync(cdp, page);
                var metrics0 = await MetricsAsync(cdp);
                var renderer0 = await RendererCpu.ReadAsync(browser);
                var reads0 = sensors.Reads;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < config.Duration)
                {
                    progress($"measuring {clock.Elapsed:mm\\:ss} of {config.Duration:mm\\:ss}");
                    var left = config.Duration - clock.Elapsed;
                    await Task.Delay(left < TimeSpan.FromSeconds(10) ? left : TimeSpan.FromSeconds(10), cancellationToken);
                }

                var seconds = clock.Elapsed.TotalSeconds;
                var renderer1 = await RendererCpu.ReadAsync(browser);
                var renderer = RendererCpu.Between(renderer0, renderer1, seconds);
                var metrics1 = await MetricsAsync(cdp);
                var reads = sensors.Reads - reads0;
                var perf = await page.EvaluateAsync<JsonElement>("() => window.mmlCompanionPerf.read(false)");
                var end = await MemoryAsync(cdp, page);
                var depth = long.Parse(await page.Locator("[data-outbox-depth]").GetAttributeAsync("data-outbox-depth") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
                return new CompanionResult
                {
                    Config = config,
                    WindowSeconds = Math.Round(seconds, 1),
                    Notifications = reads,
                    Acked = perf.GetProperty("acked").GetInt64(),
                    AckP50Ms = Math.Round(perf.GetProperty("p50Ms").GetDouble(), 1),
                    AckP99Ms = Math.Round(perf.GetProperty("p99Ms").GetDouble(), 1),
                    AckMaxMs = Math.Round(perf.GetProperty("maxMs").GetDouble(), 1),
                    OutboxDepthAtEnd = depth,
                    RendererCpuPct = renderer.ProcessPct,
                    RendererMainThreadCpuPct = renderer.MainThreadPct,
                    RendererCpuUnavailable = renderer.Unavailable,
                    MainThreadBusyPct = Busy(metrics0, metrics1, "TaskDuration"),
                    StartMemory = start,
                    EndMemory = end,
                    LoadAverageStart = load0,
                    LoadAverageEnd = MachineInfo.Read().LoadAverage1m,
                    EmulationErrors = sensors.Errors.Count(),
                };
            }
            finally
            {
                await stop.CancelAsync();
                await ticks;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            hub.KeepFolder();
            return new CompanionResult { Config = config, LoadAverageStart = load0, Error = $"{e.GetType().Name}: {e.Message} (hub log: {hub.LogPath})" };
        }
    }

    /// <summary>Every 1/hz s, both sensors notify once (the page reads both characteristics; the reads come back as notifications).</summary>
    private static async Task TickAsync(IPage page, double hz, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / hz));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await page.EvaluateAsync("async () => { const ble = await import('/js/ble.js'); await ble.readAll(); }");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The window is over.
        }
    }

    private static async Task<IReadOnlyDictionary<string, double>> MetricsAsync(ICDPSession cdp)
    {
        var answer = await cdp.SendAsync("Performance.getMetrics") ?? throw new InvalidOperationException("Performance.getMetrics returned nothing");
        return answer.GetProperty("metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble(), StringComparer.Ordinal);
    }

    private static double Busy(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after, string metric)
    {
        var wall = after["Timestamp"] - before["Timestamp"];
        return wall <= 0 ? 0 : Math.Round((after.GetValueOrDefault(metric) - before.GetValueOrDefault(metric)) / wall * 100, 2);
    }

    private static async Task<CompanionMemory> MemoryAsync(ICDPSession cdp, IPage page)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = await cdp.SendAsync("Runtime.getHeapUsage") ?? throw new InvalidOperationException("Runtime.getHeapUsage returned nothing");
        var wasm = await page.EvaluateAsync<double?>(PageProbe.WasmMemoryScript);
        return new CompanionMemory((long)heap.GetProperty("usedSize").GetDouble(), wasm is { } bytes ? (long)bytes : null);
    }
}
