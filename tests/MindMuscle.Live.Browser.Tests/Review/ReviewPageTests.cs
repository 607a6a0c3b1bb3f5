using System.Globalization;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Review;

/// <summary>
/// The review page in Chromium against the real hub (child process, real SQLite) with a recorded session: two runners,
/// a minute of samples each, a marker half-way, ended. The coach plays and scrubs it and shares it; a share link opens
/// in a fresh browser context with no coach credential.
/// </summary>
public sealed class ReviewPageTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    [Fact]
    public async Task Review_CoachFromTheSessionList_PlaysScrubsAndJumpsToTheMarker()
    {
        var (session, from, to, markerAt) = await RecordAsync("Review 6x800");
        var page = await NewPageAsync();
        await SignInAsync(page);

        await page.Locator($"[data-session-id='{session.SessionId}'] [data-action=open-review]").ClickAsync();

        var root = page.Locator(".review[data-review-ready=true]");
        await Expect(root).ToHaveAttributeAsync("data-review-at", Ms(from));
        await Expect(page.Locator("article.tile")).ToHaveCountAsync(2);
        await Expect(page.Locator("article.tile [data-action=cue]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-jump-kind=marker]")).ToHaveAttributeAsync("data-jump-at", Ms(markerAt));
        await Expect(page.Locator("section[data-review-charts]")).ToBeAttachedAsync();

        await page.Locator("[data-timeline-speed]").SelectOptionAsync("8");
        await page.Locator("[data-action=play]").ClickAsync();
        await Polling.WaitUntilAsync(async _ => await ReviewAtAsync(page) > from + 5_000, HubTimeouts.Step, Ct);
        await page.Locator("[data-action=play]").ClickAsync();
        await Expect(page.Locator("[data-action=play]")).ToHaveTextAsync("Play");

        await page.Locator("[data-timeline-scrub]").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(root).ToHaveAttributeAsync("data-review-at", Ms(to));
        await Expect(page.Locator("article.tile[data-freshness=live]")).ToHaveCountAsync(2);

        await page.Locator("[data-jump-kind=marker]").ClickAsync();
        await Expect(root).ToHaveAttributeAsync("data-review-at", Ms(markerAt));
        await DocScreenshots.SaveAsync(page, "review");
        await Axe.AssertNoSeriousViolationsAsync(page);
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task ShareLink_FreshContext_ShowsTheSessionWithoutCoachCredentialOrControls()
    {
        var (session, _, _, _) = await RecordAsync("Review shared");
        var url = await CreateShareInTheUiAsync(session);

        var reader = await NewPageAsync(Phone);
        await reader.GotoAsync(url);

        await Expect(reader.Locator(".review[data-review-ready=true]")).ToHaveAttributeAsync("data-reader", "share");
        await Expect(reader.Locator("article.tile")).ToHaveCountAsync(2);
        await Expect(reader.Locator("[data-share-reader]")).ToContainTextAsync("Read-only link");
        await Expect(reader.Locator("[data-link=sessions]")).ToHaveCountAsync(0);
        await Expect(reader.Locator("a[href='/'], a[href=''], [data-nav=sessions]")).ToHaveCountAsync(0);
        await Expect(reader.Locator("[data-link=live]")).ToHaveCountAsync(0);
        await Expect(reader.Locator("[data-share-panel]")).ToHaveCountAsync(0);
        await Expect(reader.Locator("[data-action=cue]")).ToHaveCountAsync(0);
        await Expect(reader.Locator("[data-action=cue-group]")).ToHaveCountAsync(0);
        Assert.Null(await reader.EvaluateAsync<string?>("() => sessionStorage.getItem('mml.coachKey')"));
        Assert.Null(await reader.EvaluateAsync<string?>($"() => sessionStorage.getItem('mml.coachToken.{session.SessionId}')"));
        // The token left the address bar for the tab's storage.
        Assert.DoesNotContain("#share=", reader.Url, StringComparison.Ordinal);
        await DocScreenshots.SaveAsync(reader, "review-share-phone");
    }

    [Fact]
    public async Task ShareLink_RevokedByTheCoach_ShowsTheHubsWasRevokedMessage()
    {
        var (session, _, _, _) = await RecordAsync("Review revoked");
        var coach = await NewPageAsync();
        var url = await CreateShareInTheUiAsync(session, coach);

        await coach.Locator("[data-share-list] [data-action=revoke-share]").ClickAsync();
        await Expect(coach.Locator("[data-share-list] tr[data-share-state=revoked]")).ToHaveCountAsync(1);
        var reader = await NewPageAsync();
        await reader.GotoAsync(url);

        await Expect(reader.Locator("[data-review-error]")).ToContainTextAsync("was revoked");
        await Expect(reader.Locator("[data-review-error]")).ToHaveAttributeAsync("data-failure", "Revoked");
        await Expect(reader.Locator("article.tile")).ToHaveCountAsync(0);
    }

    /// <summary>The coach opens the review and creates a group link in the share panel; returns its URL.</summary>
    private async Task<string> CreateShareInTheUiAsync(CreateSessionResponse session, IPage? coach = null)
    {
        coach ??= await NewPageAsync();
        await SignInAsync(coach);
        await coach.GotoAsync($"sessions/{session.SessionId}/review");
        await Expect(coach.Locator("[data-share-hours]")).ToHaveValueAsync(CreateShareRequest.DefaultHours.ToString(CultureInfo.InvariantCulture));
        await coach.Locator("[data-action=create-share]").ClickAsync();
        var url = await coach.Locator("[data-share-url]").InputValueAsync();
        Assert.Contains($"/sessions/{session.SessionId}/review#share=", url, StringComparison.Ordinal);
        await Expect(coach.Locator("[data-share-list] tr[data-share-state=active]")).ToHaveCountAsync(1);
        return url;
    }

    /// <summary>A recorded, ended session: Ana and Ben with a minute of samples each and a marker half-way.</summary>
    private async Task<(CreateSessionResponse Session, long From, long To, long MarkerAt)> RecordAsync(string name)
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = name });
        var ana = await App.Hub.JoinAsync(session.JoinCode, "Ana", Ct);
        var ben = await App.Hub.JoinAsync(session.JoinCode, "Ben", Ct);
        await App.Hub.PublishAsync(ana, count: 240);
        await App.Hub.PublishAsync(ben, count: 240);
        SessionStateAt? state = null;
        await Polling.WaitUntilAsync(
            async _ => (state = await StateAsync(session.SessionId, 0)) is { From: not null } s && s.Runners.Length == 2 && s.To - s.From >= 59_000,
            HubTimeouts.Step, Ct);
        var markerAt = state!.From!.Value + 30_000;
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{session.SessionId}/markers")
        {
            Content = JsonContent.Create(new MarkerRequest { Kind = MarkerKind.Note, At = markerAt, Text = "Half-way" }),
        })
        {
            request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
            using var response = await App.Hub.Http.SendAsync(request, Ct);
            response.EnsureSuccessStatusCode();
        }

        await App.Hub.EndSessionAsync(session.SessionId);
        return (session, state.From.Value, state.To!.Value, markerAt);
    }

    private async Task<SessionStateAt> StateAsync(string sessionId, long at)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}/state?at={at}");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await App.Hub.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionStateAt>(Ct))!;
    }

    private static async Task<long> ReviewAtAsync(IPage page) =>
        long.Parse(await page.Locator(".review").GetAttributeAsync("data-review-at") ?? "0", CultureInfo.InvariantCulture);

    private static string Ms(long unixMs) => unixMs.ToString(CultureInfo.InvariantCulture);
}
