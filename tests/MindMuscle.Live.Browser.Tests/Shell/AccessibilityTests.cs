using MindMuscle.Live.Core.Contracts;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Shell;

public sealed class AccessibilityTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task SignIn_WithAnError_HasNoSeriousViolations()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#coach-key").FillAsync("wrong key");
        await page.Locator("[data-action=sign-in]").ClickAsync();
        await Expect(page.Locator("[data-sign-in-error]")).ToBeVisibleAsync();

        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task SessionList_WithJoinPanel_HasNoSeriousViolations()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Axe session" });
        await App.Hub.EndSessionAsync((await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Ended one" })).SessionId);
        var page = await NewPageAsync();
        await SignInAsync(page);
        await page.Locator($"[data-session-id='{session.SessionId}'] [data-action=show-join]").ClickAsync();
        await Expect(page.Locator("[data-join-panel]")).ToBeVisibleAsync();

        await Axe.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task JoinPage_OnAPhone_HasNoSeriousViolations()
    {
        var page = await NewPageAsync(Phone);
        await page.GotoAsync("/join/ABCD2345");
        await Expect(page.Locator("[data-command=run]")).ToBeVisibleAsync();

        await Axe.AssertNoSeriousViolationsAsync(page);
    }
}
