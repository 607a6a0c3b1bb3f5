using System.Globalization;
using System.Xml.Linq;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Review;

/// <summary>
/// The per-runner review page end to end, on a phone: the real hub with a recorded session (the real relay's), the page
/// in Chromium drawing uPlot charts from the hub's reduced series, exports downloaded with the bearer token.
/// </summary>
public sealed class RunnerReviewTests(RecordedSessionFixture recorded) : BrowserTest(recorded.App), IClassFixture<RecordedSessionFixture>
{
    private string Ana => recorded.Runners["Ana"];

    [Fact]
    public async Task Chart_ShowsTheAlertSpan_OnADrawnCanvas()
    {
        var page = await OpenRunnerPageAsync(recorded.CoachRunnerUrl(Ana));

        var span = page.Locator("[data-chart] [data-alert-span=imbalance]").First;
        await Expect(span).ToHaveAttributeAsync("data-span-runner", Ana);
        await Expect(span).ToHaveAttributeAsync("data-span-from", recorded.Alert.StartedAt.ToString(CultureInfo.InvariantCulture));
        // The canvas has been drawn on: some of its pixels are not blank.
        var inked = await page.EvaluateAsync<int>(
            """
            () => {
              const canvas = document.querySelector('[data-chart] canvas');
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let n = 0;
              for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
              return n;
            }
            """);
        Assert.True(inked > 1000, $"only {inked} pixels drawn");
        // Hovering writes the runner's value at that instant under the chart.
        var over = await page.Locator("[data-chart] .u-over").First.BoundingBoxAsync();
        Assert.NotNull(over);
        await page.Mouse.MoveAsync(over.X + (over.Width / 2), over.Y + (over.Height / 2));
        await Expect(page.Locator("[data-chart-legend]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d{2} · Ana \d+ bpm$"));
        await Expect(page.Locator("[data-review-alert=imbalance]")).Not.ToHaveCountAsync(0);
        // The session has ended: the distance comes from the recording.
        await Expect(page.Locator("[data-summary=distance]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d{2} km$"));
        await DocScreenshots.SaveAsync(page, "web-review-runner-phone");
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    /// <remarks>
    /// uPlot's stylesheet puts its mouse overlay on the canvas; before it applies, the overlay lies below the canvas. A chart
    /// drawn first and styled later moves its overlay under a mouse that has already aimed (a drag then misses the chart,
    /// which a slow stylesheet on a loaded machine showed). The page records the overlay the moment the chart is first drawn.
    /// </remarks>
    [Fact]
    public async Task Chart_FirstDrawnWithItsStylesheet_TheMouseOverlayLiesOnTheCanvas()
    {
        var page = await NewPageAsync(Phone);
        await page.AddInitScriptAsync(
            """
            new MutationObserver((_, observer) => {
              const host = document.querySelector('[data-chart] .chart-canvas[data-chart-drawn]');
              if (!host) return;
              observer.disconnect();
              const over = host.querySelector('.u-over').getBoundingClientRect();
              const canvas = host.querySelector('canvas').getBoundingClientRect();
              const on = over.height > 0 && over.top >= canvas.top - 1 && over.bottom <= canvas.bottom + 1;
              window.mmlFirstDraw = getComputedStyle(host.querySelector('.u-over')).position + (on ? ', on the canvas' : ', off the canvas');
            }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-chart-drawn'] });
            """);

        await page.GotoAsync(recorded.CoachRunnerUrl(Ana));
        await Expect(page.Locator("[data-chart] .chart-canvas[data-chart-drawn]")).ToHaveCountAsync(1);

        Assert.Equal("absolute, on the canvas", await page.EvaluateAsync<string>("() => window.mmlFirstDraw"));
    }

    [Fact]
    public async Task DragZoom_RefetchesTheSeries_AndTheDrawnRangeShrinks()
    {
        var page = await OpenRunnerPageAsync(recorded.CoachRunnerUrl(Ana));
        var canvas = page.Locator("[data-chart] .chart-canvas").First;
        var before = await XRangeAsync(canvas);
        var seriesRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/series?", StringComparison.Ordinal))
            {
                lock (seriesRequests)
                {
                    seriesRequests.Add(request.Url);
                }
            }
        };

        // Drag across the middle third of the plot (uPlot's overlay takes the mouse).
        var over = await page.Locator("[data-chart] .u-over").First.BoundingBoxAsync();
        Assert.NotNull(over);
        var y = over.Y + (over.Height / 2);
        await page.Mouse.MoveAsync(over.X + (over.Width / 3), y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(over.X + (over.Width / 2), y, new() { Steps = 5 });
        await page.Mouse.MoveAsync(over.X + (over.Width * 2 / 3), y, new() { Steps = 5 });
        await page.Mouse.UpAsync();

        await Expect(page.Locator("[data-action=reset-zoom]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart][data-chart-ready=true]")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "([span]) => { const c = document.querySelector('[data-chart] .chart-canvas'); return (+c.dataset.xMax - +c.dataset.xMin) < span * 0.5; }",
            new object[] { before.Max - before.Min });
        var after = await XRangeAsync(canvas);
        Assert.True(after.Min > before.Min && after.Max < before.Max, $"zoomed {after} is not inside {before}");
        lock (seriesRequests)
        {
            var zoomed = Assert.Single(seriesRequests);
            Assert.Contains("&from=", zoomed, StringComparison.Ordinal);
        }

        await page.Locator("[data-action=reset-zoom]").ClickAsync();
        await page.WaitForFunctionAsync(
            "([span]) => { const c = document.querySelector('[data-chart] .chart-canvas'); return (+c.dataset.xMax - +c.dataset.xMin) > span * 0.9; }",
            new object[] { before.Max - before.Min });
    }

    /// <remarks>
    /// Real touch input through the DevTools protocol (<c>Input.dispatchTouchEvent</c>), as a phone's screen sends it:
    /// two fingers land on the chart, spread a little, and lift; the span between them is the new range.
    /// </remarks>
    [Fact]
    public async Task TwoFingerTouch_ZoomsToTheSpanBetweenTheFingers_AndRefetchesTheSeries()
    {
        var page = await OpenRunnerPageAsync(recorded.CoachRunnerUrl(Ana));
        var canvas = page.Locator("[data-chart] .chart-canvas").First;
        var before = await XRangeAsync(canvas);
        var seriesRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/series?", StringComparison.Ordinal))
            {
                lock (seriesRequests)
                {
                    seriesRequests.Add(request.Url);
                }
            }
        };
        var over = await page.Locator("[data-chart] .u-over").First.BoundingBoxAsync();
        Assert.NotNull(over);
        var y = over.Y + (over.Height / 2);
        var cdp = await page.Context.NewCDPSessionAsync(page);

        await TouchAsync(cdp, "touchStart", (over.X + (over.Width * 0.35), y), (over.X + (over.Width * 0.55), y));
        await TouchAsync(cdp, "touchMove", (over.X + (over.Width * 0.3), y), (over.X + (over.Width * 0.6), y));
        await TouchAsync(cdp, "touchMove", (over.X + (over.Width * 0.25), y), (over.X + (over.Width * 0.65), y));
        await TouchAsync(cdp, "touchEnd");

        await Expect(page.Locator("[data-action=reset-zoom]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-chart][data-chart-ready=true]")).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "([span]) => { const c = document.querySelector('[data-chart] .chart-canvas'); return (+c.dataset.xMax - +c.dataset.xMin) < span * 0.6; }",
            new object[] { before.Max - before.Min });
        var after = await XRangeAsync(canvas);
        Assert.True(after.Min > before.Min && after.Max < before.Max, $"zoomed {after} is not inside {before}");
        lock (seriesRequests)
        {
            var zoomed = Assert.Single(seriesRequests);
            Assert.Contains("&from=", zoomed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TcxAndFitExports_DownloadFilesThatParse()
    {
        var page = await OpenRunnerPageAsync(recorded.CoachRunnerUrl(Ana));

        var tcx = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=tcx]").ClickAsync());
        var fit = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=fit]").ClickAsync());

        Assert.Equal($"{recorded.Session.SessionId}-{Ana}.tcx", tcx.SuggestedFilename);
        var xml = XDocument.Load(await tcx.PathAsync());
        Assert.Equal("TrainingCenterDatabase", xml.Root!.Name.LocalName);
        Assert.Contains(xml.Descendants(), e => e.Name.LocalName == "Trackpoint");
        var bytes = await File.ReadAllBytesAsync(await fit.PathAsync(), Ct);
        Assert.True(bytes.Length > 14, $"FIT of {bytes.Length} bytes");
        Assert.Equal(".FIT", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        await Expect(page.Locator("[data-export-status]")).ToHaveTextAsync($"Saved {recorded.Session.SessionId}-{Ana}.fit.");
    }

    [Fact]
    public async Task RunnerShareLink_OpensTheRunnersPage_WithoutAnyCoachCredential()
    {
        var token = await recorded.ShareTokenAsync(Ana);

        var page = await OpenRunnerPageAsync($"/sessions/{recorded.Session.SessionId}/runners/{Ana}#share={token}");

        await Expect(page.Locator("[data-runner-name]")).ToHaveTextAsync("Ana");
        await Expect(page.Locator("[data-export=csv]")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('mml.coachToken.{recorded.Session.SessionId}')"));
        var tcx = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=tcx]").ClickAsync());
        Assert.Equal("TrainingCenterDatabase", XDocument.Load(await tcx.PathAsync()).Root!.Name.LocalName);
    }

    [Fact]
    public async Task ChartLibrary_IsInTheOfflineCache()
    {
        var page = await OpenRunnerPageAsync(recorded.CoachRunnerUrl(Ana));
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");

        foreach (var asset in new[] { "lib/uplot/uPlot.esm.js", "lib/uplot/uPlot.min.css", "js/charts.js", "js/download.js" })
        {
            Assert.True(await page.EvaluateAsync<bool>("async url => (await caches.match(url)) !== undefined", asset), $"{asset} is not cached");
        }
    }

    [Fact]
    public async Task ComparePage_ChartsBothRunnersSideBySide()
    {
        var page = await NewPageAsync(Tablet);

        await page.GotoAsync($"/sessions/{recorded.Session.SessionId}/compare#token={recorded.Session.CoachToken}");

        await Expect(page.Locator("[data-chart][data-chart-ready=true] [data-chart-panel]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-chart] .chart-canvas[data-chart-drawn]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-chart]")).ToHaveAttributeAsync("data-metric", "speedMps");
        await page.Locator("select[data-chart-mode]").SelectOptionAsync("overlay");
        await Expect(page.Locator("[data-chart][data-chart-ready=true] [data-chart-panel]")).ToHaveCountAsync(1);
        await page.Locator("select[data-chart-mode]").SelectOptionAsync("multiples");
        await Expect(page.Locator("[data-chart][data-chart-ready=true] [data-chart-panel]")).ToHaveCountAsync(2);
        await DocScreenshots.SaveAsync(page, "web-review-compare", fullPage: true);
        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    /// <summary>The page on a phone, its first chart drawn.</summary>
    private async Task<IPage> OpenRunnerPageAsync(string url)
    {
        var page = await NewPageAsync(Phone);
        await page.GotoAsync(url);
        await Expect(page.Locator("[data-chart][data-chart-ready=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-chart] .chart-canvas[data-chart-drawn]")).ToHaveCountAsync(1);
        return page;
    }

    private static async Task TouchAsync(ICDPSession cdp, string type, params (double X, double Y)[] fingers) =>
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = fingers.Select((f, i) => new Dictionary<string, object> { ["x"] = f.X, ["y"] = f.Y, ["id"] = i }).ToArray(),
        });

    private static async Task<(double Min, double Max)> XRangeAsync(ILocator canvas)
    {
        var min = double.Parse((await canvas.GetAttributeAsync("data-x-min"))!, CultureInfo.InvariantCulture);
        var max = double.Parse((await canvas.GetAttributeAsync("data-x-max"))!, CultureInfo.InvariantCulture);
        return (min, max);
    }
}
