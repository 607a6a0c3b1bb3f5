using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>The tile's read-only mode (review, share links): the same tile, no action.</summary>
public sealed class RunnerTileReadOnlyTests : LiveTestContext
{
    [Fact]
    public async Task Render_ReadOnlyGrid_SameTilesWithoutCueButtons()
    {
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0 - 500))));

        var readOnly = RenderLive<RunnerGrid>(p => p.Add(x => x.ReadOnly, true));
        var live = RenderLive<RunnerGrid>();

        Assert.Equal(2, readOnly.FindAll("article.tile").Count);
        Assert.Empty(readOnly.FindAll("[data-action=cue]"));
        Assert.All(readOnly.FindAll("article.tile"), t => Assert.Equal("true", t.GetAttribute("data-read-only")));
        Assert.Equal("150", readOnly.Find("article[data-runner-id=r1] [data-metric=heartRateBpm]").TextContent);
        Assert.Equal(2, live.FindAll("[data-action=cue]").Count);
        Assert.All(live.FindAll("article.tile"), t => Assert.Null(t.GetAttribute("data-read-only")));
    }
}
