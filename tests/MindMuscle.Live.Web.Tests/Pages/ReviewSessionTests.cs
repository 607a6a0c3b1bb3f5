using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Web.Auth;
using MindMuscle.Live.Web.Live;
using MindMuscle.Live.Web.Pages;
using MindMuscle.Live.Web.Review.Charts;
using MindMuscle.Live.Web.Review.Shares;
using MindMuscle.Live.Web.Review.Timeline;
using MindMuscle.Live.Web.Tests.Review.Timeline;

namespace MindMuscle.Live.Web.Tests.Pages;

/// <summary>The review page with its real parts (reader, API, stage, live tiles) against a recorded session's answers.</summary>
public sealed class ReviewSessionTests : BunitContext
{
    private readonly RecordedHub _hub = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(RecordedHub.End + 120_000));
    private readonly BunitJSModuleInterop _storage;

    public ReviewSessionTests()
    {
        _storage = JSInterop.SetupModule("./js/storage.js");
        _storage.Mode = JSRuntimeMode.Loose;
        // The page hosts the group's chart; its drawing is the chart tests' concern.
        JSInterop.SetupModule("./js/charts.js").Mode = JSRuntimeMode.Loose;
        var http = new HttpClient(_hub) { BaseAddress = new Uri("http://hub.test/") };
        Services.AddSingleton(http);
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddScoped<CoachCredentials>();
        Services.AddScoped<LiveCoachToken>();
        Services.AddReviewPages();
    }

    [Fact]
    public void Render_Coach_TimelineWithEveryJumpTargetReadOnlyTilesAndTheSharePanel()
    {
        SignInAsCoach();

        var page = RenderReady();

        Assert.Equal(RecordedHub.T0.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find(".review").GetAttribute("data-review-at"));
        Assert.Equal(
            [("alert", RecordedHub.AlertAt), ("cue", RecordedHub.CueAt), ("marker", RecordedHub.MarkerAt)],
            page.FindAll("[data-jump-kind]").Select(j => (j.GetAttribute("data-jump-kind"), long.Parse(j.GetAttribute("data-jump-at")!, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(["r1", "r2"], page.FindAll("article.tile").Select(t => t.GetAttribute("data-runner-id")));
        Assert.All(page.FindAll("article.tile"), t => Assert.Equal("true", t.GetAttribute("data-read-only")));
        Assert.Empty(page.FindAll("[data-action=cue]"));
        Assert.Equal("120", page.Find("article[data-runner-id=r1] [data-metric=heartRateBpm]").TextContent);
        Assert.NotNull(page.Find("[data-share-panel]"));
        Assert.NotNull(page.Find("[data-link=sessions]"));
        Assert.NotNull(page.Find("section[data-review-charts] a[data-link=compare]"));
    }

    [Fact]
    public void Jump_ToTheAlert_TilesShowThatInstantWithTheAlertOpenAndLaterTheCuesFinalStatus()
    {
        SignInAsCoach();
        var page = RenderReady();

        page.Find("[data-jump-kind=alert]").Click();
        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.AlertAt}", page.Find(".review").GetAttribute("data-review-at")));
        var ana = page.Find("article[data-runner-id=r1]");
        Assert.Equal("true", ana.GetAttribute("data-alert-open"));
        Assert.Equal($"{RecordedHub.HeartRate(100)}", ana.QuerySelector("[data-metric=heartRateBpm]")!.TextContent);
        Assert.Equal("false", page.Find("article[data-runner-id=r2]").GetAttribute("data-alert-open"));
        Assert.Empty(ana.QuerySelectorAll("[data-cue-status]"));

        page.Find("[data-jump-kind=marker]").Click();

        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.MarkerAt}", page.Find(".review").GetAttribute("data-review-at")));
        ana = page.Find("article[data-runner-id=r1]");
        Assert.Equal("false", ana.GetAttribute("data-alert-open"));
        Assert.Equal("spoken", ana.QuerySelector("[data-cue-status]")!.GetAttribute("data-cue-status"));
    }

    [Fact]
    public void Scrub_KeyboardRangeInput_TilesFollowThePlayhead()
    {
        SignInAsCoach();
        var page = RenderReady();

        page.Find("[data-timeline-scrub]").Input("42000");

        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.T0 + 42_000}", page.Find(".review").GetAttribute("data-review-at")));
        Assert.Equal($"{RecordedHub.HeartRate(42) + 20}", page.Find("article[data-runner-id=r2] [data-metric=heartRateBpm]").TextContent);
        Assert.Equal("0:42 / 10:00", page.Find("[data-timeline-clock]").TextContent);

        // The End key puts the input on its last step, at or past the last sample: the playhead stops on that sample.
        page.Find("[data-timeline-scrub]").Input("600250");

        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.End}", page.Find(".review").GetAttribute("data-review-at")));
    }

    [Fact]
    public void Scrub_RendersTheTilesAndThePlayhead_NotTheMarksLinksSharePanelOrChartMarkup()
    {
        SignInAsCoach();
        var page = RenderReady();
        var marks = page.FindComponent<TimelineMarks>();
        var links = page.FindComponent<ReviewLinks>();
        var shares = page.FindComponent<SharePanel>();
        var chart = page.FindComponent<SeriesChart>();
        var tile = page.FindComponents<RunnerTile>()[0];
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-chart]").GetAttribute("data-chart-ready")));
        var before = (marks.RenderCount, links.RenderCount, shares.RenderCount, chart.RenderCount, tile.Instance.RenderCount);

        page.Find("[data-timeline-scrub]").Input("42000");

        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.T0 + 42_000}", page.Find(".review").GetAttribute("data-review-at")));
        Assert.Equal("0:42 / 10:00", page.Find("[data-timeline-clock]").TextContent);
        Assert.Equal(before.Item5 + 1, tile.Instance.RenderCount);
        Assert.Equal((before.Item1, before.Item2, before.Item3, before.Item4), (marks.RenderCount, links.RenderCount, shares.RenderCount, chart.RenderCount));
    }

    [Fact]
    public async Task Play_At32x_MovesThirtyTwoSecondsASecondWithoutAStateRequestPerTick()
    {
        SignInAsCoach();
        var page = RenderReady();
        page.Find("[data-timeline-speed]").Change("32");
        var before = _hub.StateRequests;

        page.Find("[data-action=play]").Click();
        for (var i = 0; i < 20; i++)
        {
            await page.InvokeAsync(() => _time.Advance(TimeSpan.FromMilliseconds(100)));
        }

        page.Find("[data-action=play]").Click();

        page.WaitForAssertion(() => Assert.Equal($"{RecordedHub.T0 + 64_000}", page.Find(".review").GetAttribute("data-review-at")));
        Assert.Equal("Play", page.Find("[data-action=play]").TextContent);
        // 20 ticks of the playhead, but the tiles follow at most 4 times a second (plus the pause's exact position).
        Assert.InRange(_hub.StateRequests - before, 2, 10);
    }

    [Fact]
    public void Render_ScopedShareLink_OnlyItsRunnerAndNoCoachControls()
    {
        _storage.Setup<string?>("get", "mml.shareToken.s1").SetResult(Jwt("""{"role":"share","sid":"s1","rid":"r2","shr":"sh-1"}"""));

        var page = RenderReady();

        Assert.Equal(["r2"], page.FindAll("article.tile").Select(t => t.GetAttribute("data-runner-id")));
        Assert.Empty(page.FindAll("[data-share-panel]"));
        Assert.Empty(page.FindAll("[data-link=sessions]"));
        Assert.Empty(page.FindAll("[data-link=live]"));
        Assert.Empty(page.FindAll("[data-action=cue]"));
        Assert.Empty(page.FindAll("[data-link=compare]"));
        // Ana's alert and cue are not Ben's link's to show; the group's marker is.
        Assert.Equal(["marker"], page.FindAll("[data-jump-kind]").Select(j => j.GetAttribute("data-jump-kind")));
        Assert.Contains("Ben only", page.Find("[data-share-reader]").TextContent, StringComparison.Ordinal);
        Assert.All(_hub.Requests.Where(r => r.Contains("/state?", StringComparison.Ordinal)), r => Assert.EndsWith("&runnerId=r2", r, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_RevokedShareLink_ErrorPanelShowsTheHubsMessageAsIs()
    {
        const string Revoked = "This share link was revoked at 2026-12-07 10:00 UTC; ask the coach for a new link";
        _storage.Setup<string?>("get", "mml.shareToken.s1").SetResult(Jwt("""{"role":"share","sid":"s1","shr":"sh-1"}"""));
        _hub.RefuseWith = Revoked;

        var page = Render<ReviewSession>(p => p.Add(x => x.SessionId, "s1"));

        page.WaitForAssertion(() => Assert.Equal(Revoked, page.Find("[data-review-error] p").TextContent));
        Assert.Equal("Revoked", page.Find("[data-review-error]").GetAttribute("data-failure"));
        Assert.Empty(page.FindAll("article.tile"));
        Assert.Null(page.Find(".review").GetAttribute("data-review-ready"));
    }

    [Fact]
    public void CreateShare_OnAReadOnlyHub_TheHubsRefusalAndWhereToMakeTheLink()
    {
        SignInAsCoach();
        _hub.ReadOnly = true;
        var page = RenderReady();

        page.Find("[data-action=create-share]").Click();

        page.WaitForAssertion(() => Assert.Equal("readOnly", page.Find("[data-share-error]").GetAttribute("data-failure")));
        Assert.Contains("read-only", page.Find("[data-share-error] p").TextContent, StringComparison.Ordinal);
        Assert.Contains("without --read-only", page.Find("[data-share-read-only]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-share-url]"));
    }

    [Fact]
    public void Render_NeitherShareLinkNorCoach_SaysSoWithASignInLink()
    {
        var page = Render<ReviewSession>(p => p.Add(x => x.SessionId, "s1"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-review-error] a[data-link=sign-in]")));
        Assert.Contains("share link", page.Find("[data-review-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    private IRenderedComponent<ReviewSession> RenderReady()
    {
        var page = Render<ReviewSession>(p => p.Add(x => x.SessionId, "s1"));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find(".review").GetAttribute("data-review-ready")));
        return page;
    }

    private void SignInAsCoach() =>
        _storage.Setup<string?>("get", "mml.coachToken.s1").SetResult(Jwt("""{"role":"coach","sid":"s1","exp":4102444800}"""));

    private static string Jwt(string payload) =>
        "e30." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";
}
