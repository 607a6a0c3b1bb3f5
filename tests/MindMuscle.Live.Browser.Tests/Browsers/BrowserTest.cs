using System.Text.RegularExpressions;

namespace MindMuscle.Live.Browser.Tests;

/// <summary>
/// A test against the web app in Chromium: each page in its own browser context; on failure every open page is
/// screenshotted into TestResults/browser/ (named in the test output) before the contexts close.
/// </summary>
public abstract partial class BrowserTest(WebAppFixture app) : IAsyncLifetime
{
    /// <summary>The tablet a coach holds at the trackside.</summary>
    public static readonly ViewportSize Tablet = new() { Width = 1280, Height = 800 };

    /// <summary>A phone in portrait.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// Per awaited browser step: generous for a loaded 2-core machine (passing tests never wait it out). The longest
    /// step is the app's boot in a fresh context (WebAssembly runtime and assemblies, no cache), CPU-bound, so it
    /// stretches with whatever runs beside the browser tests.
    /// </summary>
    protected const float StepTimeoutMs = 60_000;

    private readonly List<IBrowserContext> _contexts = [];

    protected WebAppFixture App => app;

    /// <summary>
    /// Whether this class's pages install the app's service worker, as a coach's browser does. Its install fetches and
    /// hashes the whole untrimmed app a second time beside the page's own boot, about doubling a fresh context's cost on
    /// the browser's side; a class whose tests do not look at the offline shell says false (its pages load from the hub).
    /// </summary>
    protected virtual bool InstallsServiceWorker => true;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What the pages wrote to the console as errors (a failing request, an unhandled exception).</summary>
    protected List<string> ConsoleErrors { get; } = [];

    /// <summary>A fresh context (no storage, no service worker) and a page in it; skips (fails in CI) without Chromium.</summary>
    protected async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await NewContextAsync(viewport);
        return await context.NewPageAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        MindMuscle.Live.TestKit.Servers.MissingPart.SkipOrFail(app.Missing);
        var context = await app.Browser.NewContextAsync(new()
        {
            ViewportSize = viewport ?? Tablet,
            BaseURL = app.Hub.BaseUrl.ToString(),
            // Touch, so the page lays out as on a tablet (no hover-only affordances).
            HasTouch = true,
            ServiceWorkers = InstallsServiceWorker ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
        });
        Assertions.SetDefaultExpectTimeout(StepTimeoutMs);
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        context.Page += (_, page) => page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add(message.Text);
                }
            }
        };
        _contexts.Add(context);
        return context;
    }

    /// <summary>Opens <c>/</c> and signs in with the hub's coach key; returns when the session list is shown.</summary>
    protected static async Task SignInAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/");
        await page.Locator("#coach-key").FillAsync(WebAppFixture.CoachKey);
        await page.Locator("[data-action=sign-in]").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sessions");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await ScreenshotOpenPagesAsync();
        }

        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task ScreenshotOpenPagesAsync()
    {
        var folder = RepoPaths.Of("TestResults/browser");
        Directory.CreateDirectory(folder);
        var name = Unsafe().Replace($"{GetType().Name}.{TestContext.Current.TestMethod?.MethodName}", "_");
        var n = 0;
        foreach (var page in _contexts.SelectMany(c => c.Pages))
        {
            var path = Path.Combine(folder, $"{name}-{++n}.png");
            try
            {
                await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 10_000 });
                TestContext.Current.SendDiagnosticMessage($"screenshot of the failed test's page {page.Url}: {path}");
            }
            catch (PlaywrightException ex)
            {
                TestContext.Current.SendDiagnosticMessage($"no screenshot of {page.Url}: {ex.Message}");
            }
        }

        if (ConsoleErrors.Count > 0)
        {
            TestContext.Current.SendDiagnosticMessage("page console errors:\n" + string.Join('\n', ConsoleErrors));
        }
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();
}
