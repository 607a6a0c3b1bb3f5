using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

/// <summary>New readings alone reach a tile's elements through the writer; anything else it shows renders it.</summary>
public sealed class RunnerTileWriteTests : LiveTestContext
{
    [Fact]
    public async Task NewReadings_SameShape_AreWrittenNotRenderedAndOnlyForThatRunner()
    {
        // 150 and 151 bpm are both zone 3 of 190.
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var grid = RenderLive<RunnerGrid>();
        var tiles = grid.FindComponents<RunnerTile>().ToDictionary(t => t.Instance.Runner.RunnerId);
        await FlushFrameAsync();
        var rendered = tiles["r1"].Instance.RenderCount;
        var written = Tiles.WritesOf("r1");
        var writeCount = tiles["r1"].Instance.WriteCount;
        var benWritten = Tiles.WritesOf("r2");

        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250, heartRate: 151) with { CadenceSpm = 181, SpeedMps = 5 })));

        Assert.Equal(rendered, tiles["r1"].Instance.RenderCount);
        Assert.Equal(written + 1, Tiles.WritesOf("r1"));
        Assert.Equal(writeCount + 1, tiles["r1"].Instance.WriteCount);
        Assert.Equal("151", Tiles.Shown("r1", "heartRateBpm"));
        Assert.Equal("181", Tiles.Shown("r1", "cadenceSpm"));
        Assert.Equal("3:20", Tiles.Shown("r1", "speedMps"));
        Assert.Equal(benWritten, Tiles.WritesOf("r2"));
    }

    [Fact]
    public async Task NothingShownChanged_WritesNothing()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tile = RenderLive<RunnerGrid>().FindComponent<RunnerTile>();
        await FlushFrameAsync();
        var written = Tiles.WritesOf("r1");
        var writeCount = tile.Instance.WriteCount;

        // Another sample with the same values: the runner changed, nothing the tile shows did.
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250))));

        Assert.Equal(written, Tiles.WritesOf("r1"));
        Assert.Equal(writeCount, tile.Instance.WriteCount);
    }

    [Fact]
    public async Task ZoneChange_RendersTheTile()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0, heartRate: 150))));
        var tile = RenderLive<RunnerGrid>().FindComponent<RunnerTile>();
        var rendered = tile.Instance.RenderCount;

        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250, heartRate: 175))));

        Assert.Equal(rendered + 1, tile.Instance.RenderCount);
        Assert.Equal("5", tile.Find("article").GetAttribute("data-zone"));
        Assert.Equal("175", tile.Find("[data-metric=heartRateBpm]").TextContent);
    }

    [Fact]
    public async Task RenderAfterWrites_ValueBackToWhatTheLastRenderShowed_IsWrittenAgain()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0, heartRate: 150))));
        var tile = RenderLive<RunnerGrid>().FindComponent<RunnerTile>();
        await FlushFrameAsync();
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250, heartRate: 151))));
        Assert.Equal("151", Tiles.Shown("r1", "heartRateBpm"));
        var rendered = tile.Instance.RenderCount;

        // An alert renders the tile with 150 again: its render finds 150 in its last render and leaves the element
        // alone, which the writer had set to 151, so the writer sets it back.
        await ApplyAsync(s =>
        {
            s.ApplySamples(Frame("r1", Sample(3, T0 + 500, heartRate: 150)));
            s.ApplyAlert(new FormAlert { AlertId = "a1", RunnerId = "r1", Kind = AlertKind.CadenceDrop, StartedAt = T0, Message = "Cadence down" });
        });
        await FlushFrameAsync();

        Assert.Equal(rendered + 1, tile.Instance.RenderCount);
        Assert.Equal("150", Tiles.Shown("r1", "heartRateBpm"));
    }

    [Fact]
    public async Task ReadOnlyTiles_RenderEveryChange_AndWriteNothing()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tile = RenderLive<RunnerGrid>(p => p.Add(g => g.ReadOnly, true)).FindComponent<RunnerTile>();
        var rendered = tile.Instance.RenderCount;

        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250, heartRate: 152))));

        Assert.Equal(rendered + 1, tile.Instance.RenderCount);
        Assert.Equal("152", tile.Find("[data-metric=heartRateBpm]").TextContent);
        Assert.Equal(0, Tiles.WritesOf("r1"));
    }

    [Fact]
    public async Task FirstRender_WritesNothing_ItsMarkupHasTheValues()
    {
        await StartSessionAsync("Ana", "Ben");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tiles = RenderLive<RunnerGrid>().FindComponents<RunnerTile>();

        await FlushFrameAsync();

        Assert.Equal(2, tiles.Count);
        Assert.Equal(0, Tiles.WritesOf("r1"));
        Assert.Equal(0, Tiles.WritesOf("r2"));
        Assert.Equal("150", tiles[0].Find("[data-metric=heartRateBpm]").TextContent);
    }

    [Fact]
    public async Task RenderWithNewValues_WritesNothing_TheRenderSetThem()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0, heartRate: 150))));
        var tile = RenderLive<RunnerGrid>().FindComponent<RunnerTile>();
        await FlushFrameAsync();
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, T0 + 250, heartRate: 151))));
        var written = Tiles.WritesOf("r1");
        var rendered = tile.Instance.RenderCount;

        // The alert renders the tile, and the render writes the new heart rate and cadence itself.
        await ApplyAsync(s =>
        {
            s.ApplySamples(Frame("r1", Sample(3, T0 + 500, heartRate: 152) with { CadenceSpm = 181 }));
            s.ApplyAlert(new FormAlert { AlertId = "a1", RunnerId = "r1", Kind = AlertKind.CadenceDrop, StartedAt = T0, Message = "Cadence down" });
        });
        await FlushFrameAsync();

        Assert.Equal(rendered + 1, tile.Instance.RenderCount);
        Assert.Equal("152", tile.Find("[data-metric=heartRateBpm]").TextContent);
        Assert.Equal(written, Tiles.WritesOf("r1"));
    }

    [Fact]
    public async Task SparklineMetricDropsOut_TheEmptyLineIsWritten()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));
        var tile = RenderLive<RunnerGrid>(p => p.Add(g => g.Spark, SparkMetric.Power)).FindComponent<RunnerTile>();
        await FlushFrameAsync();
        Assert.NotEqual("", tile.Find("svg.spark polyline").GetAttribute("points"));
        var rendered = tile.Instance.RenderCount;

        // Past the sparkline's window with no power reading: nothing to draw, and nothing else on the tile changes
        // shape (same zone, live), so only the writer can clear the old line.
        var later = T0 + (long)new LiveViewOptions().HistoryWindow.TotalMilliseconds + 10_000;
        Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(later));
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(2, later) with { PowerW = null })));

        Assert.Equal(rendered, tile.Instance.RenderCount);
        Assert.Equal("\u2013", Tiles.Shown("r1", "powerW"));
        Assert.Equal("", Tiles.ShownField("r1", TileFields.Spark));
    }
}
