using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Coach;

public sealed class SignInTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    /// <summary>
    /// One page through the sign-in's answers: no key asks for it without calling the hub; a wrong key says why and where
    /// the right one is (axe-core finds nothing serious on the form with its error); the right key lists the sessions.
    /// </summary>
    [Fact]
    public async Task SignIn_EmptyThenWrongThenRightKey_SaysWhatIsMissingThenWhyThenListsSessions()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var apiCalls = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref apiCalls);
            }
        };

        await page.Locator("[data-action=sign-in]").ClickAsync();

        await Expect(page.Locator("[data-sign-in-error]")).ToHaveTextAsync("Enter the coach key first.");
        Assert.Equal(0, Volatile.Read(ref apiCalls));

        await page.Locator("#coach-key").FillAsync("not-the-coach-key");
        await page.Locator("[data-action=sign-in]").ClickAsync();

        var error = page.Locator("[data-sign-in-error]");
        await Expect(error).ToContainTextAsync("did not accept this coach key");
        await Expect(error).ToContainTextAsync("coach.key");
        await Expect(page.Locator("#coach-key")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('mml.coachKey')"));
        await Axe.AssertNoSeriousViolationsAsync(page);

        await page.Locator("#coach-key").FillAsync(WebAppFixture.CoachKey);
        await page.Locator("[data-action=sign-in]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Sessions");
        await Expect(page.Locator("[data-form=create-session]")).ToBeVisibleAsync();
        Assert.Equal(WebAppFixture.CoachKey, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('mml.coachKey')"));
    }

    [Fact]
    public async Task Reload_SignedIn_StaysSignedInUntilSignOut()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sessions");
        await page.Locator("[data-action=sign-out]").ClickAsync();

        await Expect(page.Locator("#coach-key")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-notice]")).ToContainTextAsync("Signed out");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('mml.coachKey')"));
        await page.ReloadAsync();
        await Expect(page.Locator("#coach-key")).ToBeVisibleAsync();
    }
}
