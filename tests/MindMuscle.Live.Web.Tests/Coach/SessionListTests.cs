using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Coach;

namespace MindMuscle.Live.Web.Tests.Coach;

/// <summary>The coach's session list as a review index: newest first, searchable, review columns and a Review link.</summary>
public sealed class SessionListTests : BunitContext
{
    private const long Day = 86_400_000;
    private const long T0 = 1_800_000_000_000;

    private static readonly SessionSummary[] Sessions =
    [
        new() { SessionId = "s-old", Name = "Monday easy 8 km", CreatedAt = T0, EndedAt = T0 + 3_000_000, RunnerCount = 3, DurationMs = 2_950_000, AlertCount = 0, CueCount = 1 },
        new() { SessionId = "s-new", Name = "Thursday 6x800", CreatedAt = T0 + (3 * Day), RunnerCount = 12, DurationMs = 3_725_000, AlertCount = 7, CueCount = 4 },
        new() { SessionId = "s-mid", Name = "Tuesday 6X800 hills", CreatedAt = T0 + Day, RunnerCount = 8 },
    ];

    [Fact]
    public void Render_Sessions_NewestFirstWithDurationAlertsCuesAndAReviewLinkNextToLive()
    {
        var list = Render<SessionList>(p => p.Add(x => x.Sessions, Sessions));

        Assert.Equal(["s-new", "s-mid", "s-old"], list.FindAll("li[data-session-id]").Select(li => li.GetAttribute("data-session-id")));
        var newest = list.Find("li[data-session-id=s-new]");
        Assert.Equal("1:02:05", newest.QuerySelector("[data-field=duration]")!.TextContent);
        Assert.Equal("7", newest.QuerySelector("[data-field=alerts]")!.TextContent);
        Assert.Equal("4", newest.QuerySelector("[data-field=cues]")!.TextContent);
        Assert.Equal("12", newest.QuerySelector("[data-field=runners]")!.TextContent);
        Assert.Equal("49:10", list.Find("li[data-session-id=s-old] [data-field=duration]").TextContent);
        Assert.Equal("–", list.Find("li[data-session-id=s-mid] [data-field=alerts]").TextContent);
        Assert.Equal("sessions/s-new/review", newest.QuerySelector("[data-action=open-review]")!.GetAttribute("href"));
        Assert.NotNull(newest.QuerySelector("[data-action=open-live]"));
    }

    [Fact]
    public void Search_PartOfAName_AnyCase_ShowsOnlyTheMatchesAndSaysWhenNoneDo()
    {
        var list = Render<SessionList>(p => p.Add(x => x.Sessions, Sessions));

        list.Find("[data-session-search]").Input("6x800");

        Assert.Equal(["s-new", "s-mid"], list.FindAll("li[data-session-id]").Select(li => li.GetAttribute("data-session-id")));
        list.Find("[data-session-search]").Input("tempo");
        Assert.Empty(list.FindAll("li[data-session-id]"));
        Assert.Contains("tempo", list.Find("[data-no-match]").TextContent, StringComparison.Ordinal);
    }
}
