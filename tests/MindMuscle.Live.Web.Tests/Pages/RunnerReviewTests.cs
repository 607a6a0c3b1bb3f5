using MindMuscle.Live.Web.Pages;

namespace MindMuscle.Live.Web.Tests.Pages;

/// <summary>The per-runner page as a runner opens it from a link scoped to them, and as the coach does.</summary>
public sealed class RunnerReviewTests : ReviewPageContext
{
    public RunnerReviewTests() => ReviewSessionAnswers.Recorded(Hub);

    [Fact]
    public void ScopedShare_ShowsTheRunnersOwnAlertsCuesRepsAndLaps_AskingForThemOnly()
    {
        var token = OpenShareLink("r1");

        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r1"));

        cut.WaitForAssertion(() => Assert.Equal("Ana", cut.Find("[data-runner-name]").TextContent));
        Assert.Equal(["imbalance"], cut.FindAll("[data-review-alert]").Select(a => a.GetAttribute("data-review-alert")));
        Assert.Equal("spoken", Assert.Single(cut.FindAll("[data-review-cue] [data-cue-status]")).GetAttribute("data-cue-status"));
        Assert.Equal(2, cut.FindAll("[data-review-reps] tbody tr").Count);
        Assert.Single(cut.FindAll("[data-review-laps] tbody tr"));
        Assert.Equal("4.21 km", cut.Find("[data-summary=distance]").TextContent);
        Assert.Equal("3:16/km (rep 2)", cut.Find("[data-summary=best-rep]").TextContent);
        // Every read carries the share token and names its runner, as the hub demands of a scoped link.
        Assert.All(Hub.Requests.Select(r => r.Request), r => Assert.Equal("Bearer " + token, r.Headers.Authorization!.ToString()));
        Assert.All(Hub.Requests.Select(r => r.Request), r => Assert.Contains("runnerId=r1", r.RequestUri!.Query, StringComparison.Ordinal));
        // The runner's chart, with the runner's alert shaded.
        cut.WaitForAssertion(() => Assert.Equal("imbalance", Assert.Single(cut.FindAll("[data-alert-span]")).GetAttribute("data-alert-span")));
        // Their own exports, not the group's CSV and no links into the coach's pages.
        Assert.NotNull(cut.Find("[data-export=tcx]"));
        Assert.NotNull(cut.Find("[data-export=fit]"));
        Assert.Empty(cut.FindAll("[data-export=csv]"));
        Assert.Empty(cut.FindAll(".review-links"));
    }

    [Fact]
    public void ScopedShare_AnotherRunner_IsRefusedWithoutAskingTheHub()
    {
        OpenShareLink("r1");

        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r2"));

        cut.WaitForAssertion(() => Assert.Contains("another runner", cut.Find("[data-review-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(Hub.Requests);
    }

    [Fact]
    public void ExportButton_DownloadsWithTheBearerToken()
    {
        var token = OpenShareLink("r1");
        Downloads.Setup<string?>("save", _ => true).SetResult(null);
        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r1"));
        cut.WaitForAssertion(() => cut.Find("[data-export=fit]"));

        cut.Find("[data-export=fit]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Saved s1-r1.fit.", cut.Find("[data-export-status]").TextContent));
        var save = Assert.Single(Downloads.Invocations["save"]);
        Assert.Equal(["api/sessions/s1/runners/r1/export.fit", token, "s1-r1.fit"], save.Arguments);
    }

    [Fact]
    public void EndedSession_WithoutALatestReading_TakesTheDistanceFromTheRecording()
    {
        OpenShareLink("r2");
        Hub.Answer("/api/sessions/s1/series", """{"runnerId":"r2","metric":"distanceM","points":[{"t":1000,"min":0,"max":5230,"mean":2600,"n":90}]}""");

        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r2"));

        cut.WaitForAssertion(() => Assert.Equal("5.23 km", cut.Find("[data-summary=distance]").TextContent));
        Assert.Contains(Hub.To("/api/sessions/s1/series"), r => r.RequestUri!.Query == "?runnerId=r2&metric=distanceM&points=1");
    }

    [Fact]
    public void GroupShare_OffersTheSessionCsv()
    {
        OpenShareLink(null);

        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r2"));

        cut.WaitForAssertion(() => Assert.Equal("Ben", cut.Find("[data-runner-name]").TextContent));
        Assert.NotNull(cut.Find("[data-export=csv]"));
        Assert.Equal(["hrCeiling"], cut.FindAll("[data-review-alert]").Select(a => a.GetAttribute("data-review-alert")));
        Assert.Equal("expired", cut.Find("[data-cue-status]").GetAttribute("data-cue-status"));
    }

    [Fact]
    public void GroupReader_AsksForThatRunnersRepsAndLapsOnly()
    {
        OpenShareLink(null);

        var cut = Render<RunnerReview>(p => p.Add(c => c.SessionId, "s1").Add(c => c.RunnerId, "r2"));

        cut.WaitForAssertion(() => Assert.Equal("Ben", cut.Find("[data-runner-name]").TextContent));
        // The whole group's detection would read every sample of the session; the page shows one runner.
        Assert.Equal("?runnerId=r2", Assert.Single(Hub.To("/api/sessions/s1/reps")).RequestUri!.Query);
        Assert.Equal("?runnerId=r2", Assert.Single(Hub.To("/api/sessions/s1/laps")).RequestUri!.Query);
    }
}
