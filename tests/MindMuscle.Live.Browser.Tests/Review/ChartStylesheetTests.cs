using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.TestKit.Waiting;
using static Microsoft.Playwright.Assertions;

namespace MindMuscle.Live.Browser.Tests.Review;

/// <summary>
/// The charts' stylesheet holds back the charts only, and them for a few seconds at most: never the review page. No
/// service worker, so the stylesheet comes from the network where the test can stall it.
/// </summary>
public sealed class ChartStylesheetTests(WebAppFixture app) : BrowserTest(app), IClassFixture<WebAppFixture>
{
    protected override bool InstallsServiceWorker => false;

    [Fact]
    public async Task Review_ChartStylesheetNeverAnswers_ThePageShowsAndItsChartsDrawAnyway()
    {
        var session = await App.Hub.CreateSessionAsync(new CreateSessionRequest { Name = "Review stalled stylesheet" });
        var ana = await App.Hub.JoinAsync(session.JoinCode, "Ana", Ct);
        await App.Hub.PublishAsync(ana, count: 120);
        await Polling.WaitUntilAsync(async _ => await RecordedAsync(session.SessionId), HubTimeouts.Step, Ct);
        await App.Hub.EndSessionAsync(session.SessionId);
        var page = await NewPageAsync();
        var stalled = 0;
        // Never answered: the browser would wait on it until its network timeout.
        await page.RouteAsync("**/uPlot.min.css", _ =>
        {
            Interlocked.Increment(ref stalled);
            return Task.CompletedTask;
        });
        await SignInAsync(page);

        await page.Locator($"[data-session-id='{session.SessionId}'] [data-action=open-review]").ClickAsync();

        await Expect(page.Locator(".review[data-review-ready=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator("article.tile")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-chart] .chart-canvas[data-chart-drawn]")).Not.ToHaveCountAsync(0);
        Assert.Equal(1, Volatile.Read(ref stalled));
    }

    private async Task<bool> RecordedAsync(string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}/state?at=0");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await App.Hub.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionStateAt>(Ct))! is { From: not null, Runners.Length: 1 };
    }
}
