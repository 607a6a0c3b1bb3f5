using System.Globalization;
using Microsoft.Playwright;

namespace MindMuscle.Live.Bench.Review;

/// <summary>
/// The review page of a recorded hour in headless Chromium: how long until the timeline, the tiles and the first chart
/// are drawn (a fresh browser context per visit, so nothing is cached; then reloads, the app shell cached), and how long a scrub takes from the input's
/// change to the tiles showing the new instant, painted (the next animation frame after <c>data-review-at</c> moved).
/// Reads the page's own hooks: <c>data-review-ready</c>, <c>data-chart-ready</c>, <c>data-timeline-scrub</c>,
/// <c>data-review-at</c>.
/// </summary>
internal static class ReviewPageBench
{
    public const string ChromiumVariable = "MML_CHROMIUM";

    // Returns [total, before the request, the request, after the answer] in ms: where a scrub's time goes (resource
    // timing of the /state call: the page's work before it asks, the hub and the network, then deserialising, applying,
    // rendering and painting).
    private const string ScrubScript = """
        async (fraction) => {
          const root = document.querySelector('[data-review-at]');
          const input = document.querySelector('[data-timeline-scrub]');
          const min = Number(input.min), max = Number(input.max), step = Number(input.step) || 1;
          const value = min + Math.round((max - min) * fraction / step) * step;
          const before = root.getAttribute('data-review-at');
          performance.clearResourceTimings();
          const t0 = performance.now();
          const done = new Promise((resolve, reject) => {
            const timer = setTimeout(() => { observer.disconnect(); reject(new Error('data-review-at did not move in 10 s')); }, 10000);
            const observer = new MutationObserver(() => {
              if (root.getAttribute('data-review-at') === before) return;
              observer.disconnect();
              clearTimeout(timer);
              requestAnimationFrame(() => resolve(performance.now() - t0));
            });
            observer.observe(root, { attributes: true, attributeFilter: ['data-review-at'] });
          });
          input.value = String(value);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          const total = await done;
          const calls = performance.getEntriesByType('resource').filter(e => e.name.includes('/state?'));
          if (calls.length === 0) return [total, -1, -1, -1];
          const first = calls[0], last = calls[calls.length - 1];
          return [total, first.startTime - t0, last.responseEnd - first.startTime, t0 + total - last.responseEnd];
        }
        """;

    public static async Task RunAsync(Uri reviewUrl, int visits, int scrubs, CancellationToken cancellationToken)
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: install it (apt-get install -y --no-install-recommends chromium) or set {ChromiumVariable}");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // --no-sandbox: containers run as root, where Chromium's sandbox refuses to start.
            Args = ["--no-sandbox"],
        });

        var ready = new List<double>();
        var charted = new List<double>();
        var scrubTimes = new List<double>();
        var scrubBefore = new List<double>();
        var scrubRequest = new List<double>();
        var scrubAfter = new List<double>();
        var warmReady = new List<double>();
        var warmCharted = new List<double>();
        var random = new Random(7);
        for (var visit = 0; visit < visits; visit++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(reviewUrl.ToString(), new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("[data-review-ready]", new() { Timeout = 60_000 });
            ready.Add(await page.EvaluateAsync<double>("() => performance.now()"));
            await page.WaitForSelectorAsync("[data-chart-ready]", new() { Timeout = 60_000, State = WaitForSelectorState.Attached });
            charted.Add(await page.EvaluateAsync<double>("() => performance.now()"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"visit {visit + 1}: review ready {ready[^1]:F0} ms, first chart {charted[^1]:F0} ms after navigation start"));

            if (visit == visits - 1)
            {
                for (var i = 0; i < scrubs; i++)
                {
                    var phases = await page.EvaluateAsync<double[]>(ScrubScript, random.NextDouble());
                    scrubTimes.Add(phases[0]);
                    if (phases[1] >= 0)
                    {
                        scrubBefore.Add(phases[1]);
                        scrubRequest.Add(phases[2]);
                        scrubAfter.Add(phases[3]);
                    }
                }

                // A second visit in the same browser: the app shell comes from the service worker's cache, as it does
                // for a coach who opened the app before. The token stays in session storage; the fragment is gone.
                for (var again = 0; again < visits; again++)
                {
                    await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
                    await page.WaitForSelectorAsync("[data-review-ready]", new() { Timeout = 60_000 });
                    warmReady.Add(await page.EvaluateAsync<double>("() => performance.now()"));
                    await page.WaitForSelectorAsync("[data-chart-ready]", new() { Timeout = 60_000, State = WaitForSelectorState.Attached });
                    warmCharted.Add(await page.EvaluateAsync<double>("() => performance.now()"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| measure | n | first | median | p95 | max |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("open -> timeline and tiles drawn (ms, cold context)", ready);
        Row("open -> first chart drawn (ms, cold context)", charted);
        Row("reload -> timeline and tiles drawn (ms, app shell cached)", warmReady);
        Row("reload -> first chart drawn (ms, app shell cached)", warmCharted);
        Row("scrub -> tiles at the new instant painted (ms)", scrubTimes);
        Row("  of which: input -> /state request sent (ms)", scrubBefore);
        Row("  of which: /state request -> answer's last byte (ms)", scrubRequest);
        Row("  of which: answer -> tiles painted (ms)", scrubAfter);
    }

    private static void Row(string label, List<double> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var sorted = values.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {values.Count} | {values[0]:F0} | {sorted[sorted.Length / 2]:F0} | {sorted[(int)Math.Ceiling(sorted.Length * 0.95) - 1]:F0} | {sorted[^1]:F0} |"));
    }
}
