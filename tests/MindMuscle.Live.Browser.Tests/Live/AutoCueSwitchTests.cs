using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Live;

/// <summary>
/// The live view's auto-cue three-way switch end to end: a tap changes the hub's session (its REST answer), and a second
/// coach watching the same session sees the new mode through the hub's <c>SessionUpdated</c>, both ways.
/// </summary>
public sealed class AutoCueSwitchTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    [Fact]
    public async Task Switch_InOnePage_ChangesTheHubsSession_AndTheSecondCoachSeesIt()
    {
        // Its own session: the mode is per session and other classes' sessions keep theirs.
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Auto-cue switch", AutoCue = AutoCueMode.Suggest });
        var first = await OpenAsync(session);
        var second = await OpenAsync(session);
        await Expect(first.Locator("[data-auto-cue]")).ToHaveAttributeAsync("data-auto-cue", "suggest");
        await Expect(second.Locator("[data-auto-cue]")).ToHaveAttributeAsync("data-auto-cue", "suggest");

        await first.Locator("[data-action=auto-cue][data-auto-cue-mode=auto]").ClickAsync();

        await Expect(first.Locator("[data-auto-cue-mode=auto]")).ToHaveAttributeAsync("aria-checked", "true");
        await WaitForHubModeAsync(session.SessionId, AutoCueMode.Auto);
        await Expect(second.Locator("[data-auto-cue]")).ToHaveAttributeAsync("data-auto-cue", "auto");
        await Expect(second.Locator("[data-auto-cue-mode=auto]")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(second.Locator("[data-auto-cue-mode=suggest]")).ToHaveAttributeAsync("aria-checked", "false");

        // And back the other way, from the second page to the first.
        await second.Locator("[data-action=auto-cue][data-auto-cue-mode=off]").ClickAsync();

        await WaitForHubModeAsync(session.SessionId, AutoCueMode.Off);
        await Expect(first.Locator("[data-auto-cue]")).ToHaveAttributeAsync("data-auto-cue", "off");
        await Expect(first.Locator("[data-auto-cue-mode=off]")).ToHaveAttributeAsync("aria-checked", "true");
        Assert.Empty(await first.Locator(".auto-cue ~ [role=alert]").AllAsync());
    }

    /// <summary>A coach's page in its own browser context (its own session storage), connected to the session.</summary>
    private async Task<IPage> OpenAsync(CreateSessionResponse session)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(session.CoachUrl!);
        await Expect(page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "connected");
        return page;
    }

    private async Task WaitForHubModeAsync(string sessionId, AutoCueMode mode)
    {
        AutoCueMode? seen = null;
        await Polling.WaitUntilAsync(
            async _ => (seen = (await App.Hub.SessionAsync(sessionId)).Session.AutoCue) == mode,
            () => $"GET /api/sessions/{sessionId} says auto-cue {seen}, expected {mode}",
            TimeSpan.FromSeconds(30),
            Ct);
    }
}
