using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed partial class LiveViewTests : LiveTestContext
{
    [Fact]
    public async Task Render_EveryLabelledButton_HasItsVisibleTextInItsName()
    {
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s => s.ApplyAlert(new FormAlert
        {
            AlertId = "a", RunnerId = "r2", Kind = AlertKind.Imbalance, StartedAt = T0, Side = "left",
            SuggestedCue = "Squeeze the left glute as you push off", SuggestedCueId = "imbalance.1:left",
        }));
        var view = RenderLive<LiveView>();
        await view.Find("[data-toggle=panel]").ClickAsync(new());
        await view.Find("[data-action=cue-group]").ClickAsync(new());

        var buttons = view.FindAll("button");

        Assert.NotEmpty(buttons);
        Assert.All(buttons.Where(b => b.HasAttribute("aria-label")), b =>
            Assert.Contains(Normal(b.TextContent), Normal(b.GetAttribute("aria-label")!), StringComparison.Ordinal));
    }

    [Fact]
    public async Task CueGroup_Tapped_OpensTheSheetForTheWholeGroup()
    {
        await StartSessionAsync("Ana");
        var view = RenderLive<LiveView>();

        await view.Find("[data-action=cue-group]").ClickAsync(new());

        Assert.Equal("group", view.Find("[role=dialog]").GetAttribute("data-cue-target"));
    }

    [Fact]
    public async Task TileCue_Tapped_OpensTheSheetForThatRunner()
    {
        await StartSessionAsync("Ana", "Ben");
        var view = RenderLive<LiveView>();

        await view.Find("[data-runner-id=r2] [data-action=cue]").ClickAsync(new());

        Assert.Equal("r2", view.Find("[role=dialog]").GetAttribute("data-cue-target"));
    }

    [Fact]
    public async Task Ticker_EverySecond_AgesTheBadges()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var view = RenderLive<LiveView>();

        Time.Advance(TimeSpan.FromSeconds(7));
        await FlushFrameAsync();

        Assert.Equal("stale", view.Find("[data-runner-id=r1]").GetAttribute("data-freshness"));
    }

    private static string Normal(string text) => Spaces().Replace(text, " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
