using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Coach;

public sealed class SessionListTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    [Fact]
    public async Task SessionList_ShowsNameCreatedRunnersSamplesAndEnded()
    {
        var running = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Tuesday 6x800" });
        var ended = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Monday easy 8 km" });
        var ana = await App.Hub.JoinAsync(running.JoinCode, "Ana", Ct);
        await App.Hub.JoinAsync(running.JoinCode, "Ben", Ct);
        await App.Hub.PublishAsync(ana, count: 12);
        await App.Hub.EndSessionAsync(ended.SessionId);
        await Polling.WaitUntilAsync(
            async _ => (await App.Hub.ListSessionsAsync()).Single(s => s.SessionId == running.SessionId).SampleCount == 12,
            HubTimeouts.Step, Ct);
        var page = await NewPageAsync();

        await SignInAsync(page);

        var runningCard = page.Locator($"[data-session-id='{running.SessionId}']");
        await Expect(runningCard.Locator("h3")).ToHaveTextAsync("Tuesday 6x800");
        await Expect(runningCard.Locator("[data-field=runners]")).ToHaveTextAsync("2");
        await Expect(runningCard.Locator("[data-field=samples]")).ToHaveTextAsync("12");
        await Expect(runningCard.Locator("[data-field=state]")).ToHaveTextAsync("Running");
        await Expect(runningCard.Locator("[data-field=created]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$"));
        await Expect(runningCard.Locator("[data-action=show-join]")).ToBeVisibleAsync();
        var endedCard = page.Locator($"[data-session-id='{ended.SessionId}']");
        await Expect(endedCard).ToHaveAttributeAsync("data-ended", "true");
        await Expect(endedCard.Locator("[data-field=state]")).ToContainTextAsync("Ended");
        await Expect(endedCard.Locator("[data-action=show-join]")).ToHaveCountAsync(0);
        // Newest first, as the hub lists them.
        var ids = await page.Locator("[data-session-id]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.sessionId)");
        Assert.True(Array.IndexOf(ids, ended.SessionId) < Array.IndexOf(ids, running.SessionId), string.Join(", ", ids));
    }

    [Fact]
    public async Task LiveViewButton_MintsATokenIntoSessionStorage_NeverIntoTheAddress()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Thursday hills" });
        var page = await NewPageAsync();
        await SignInAsync(page);

        await page.Locator($"[data-session-id='{session.SessionId}'] [data-action=open-live]").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{App.Hub.BaseUrl}sessions/{session.SessionId}/live");
        var token = await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('mml.coachToken.{session.SessionId}')");
        Assert.NotNull(token);
        Assert.Equal(3, token.Split('.').Length);
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
    }

    /// <summary>The join panel of an existing session, beside an ended one: its code, and nothing serious for axe-core.</summary>
    [Fact]
    public async Task JoinCodeButton_ExistingSession_ShowsItsCode_WithNoSeriousAxeViolations()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Saturday long run" });
        await App.Hub.EndSessionAsync((await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Ended one" })).SessionId);
        var page = await NewPageAsync();
        await SignInAsync(page);

        await page.Locator($"[data-session-id='{session.SessionId}'] [data-action=show-join]").ClickAsync();

        var panel = page.Locator("[data-join-panel]");
        await Expect(panel).ToHaveAttributeAsync("data-session-id", session.SessionId);
        await Expect(panel.Locator("[data-join-code]")).ToHaveTextAsync(session.JoinCode);
        await Expect(panel).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page);
    }
}
