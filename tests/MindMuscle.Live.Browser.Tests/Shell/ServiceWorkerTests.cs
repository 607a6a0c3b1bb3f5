using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Shell;

public sealed class ServiceWorkerTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task SecondVisit_Offline_StartsFromCache()
    {
        var context = await NewContextAsync();
        var first = await context.NewPageAsync();
        await first.GotoAsync("/");
        await Expect(first.Locator("#coach-key")).ToBeVisibleAsync();
        // Installed (the whole shell precached) and in control of the page.
        await first.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null && navigator.serviceWorker.controller.state === 'activated'");
        var reachedNetwork = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            lock (reachedNetwork)
            {
                reachedNetwork.Add(route.Request.Url);
            }

            await route.AbortAsync("internetdisconnected");
        });
        await context.SetOfflineAsync(true);

        var second = await context.NewPageAsync();
        await second.GotoAsync("/");

        await Expect(second.Locator("#coach-key")).ToBeVisibleAsync();
        await Expect(second.Locator("header .mml-brand")).ToHaveTextAsync("MindMuscle.Live");
        // A deep link (the coach's live view) is the same shell.
        var deep = await context.NewPageAsync();
        await deep.GotoAsync("/join/ABCD2345");
        await Expect(deep.Locator("h1 [data-join-code]")).ToHaveTextAsync("ABCD2345");
        lock (reachedNetwork)
        {
            Assert.DoesNotContain(reachedNetwork, url => url.Contains("/_framework/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SignIn_Offline_SaysTheHubCannotBeReached()
    {
        var context = await NewContextAsync();
        var first = await context.NewPageAsync();
        await first.GotoAsync("/");
        await first.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null");
        await context.SetOfflineAsync(true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.Locator("#coach-key").FillAsync(WebAppFixture.CoachKey);
        await page.Locator("[data-action=sign-in]").ClickAsync();

        // Data never comes from the cache: the API call fails, and the coach is told why.
        await Expect(page.Locator("[data-sign-in-error]")).ToContainTextAsync("Cannot reach the hub");
    }
}
