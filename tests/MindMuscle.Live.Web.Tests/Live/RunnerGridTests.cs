using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class RunnerGridTests : LiveTestContext
{
    [Fact]
    public async Task Samples_ForOneRunner_RenderOnlyThatRunnersTileOnceAndNotTheGrid()
    {
        await StartSessionAsync("Ana", "Ben", "Cai");
        var grid = RenderLive<RunnerGrid>();
        var tiles = grid.FindComponents<RunnerTile>().ToDictionary(t => t.Instance.Runner.RunnerId);
        var before = tiles.ToDictionary(t => t.Key, t => t.Value.Instance.RenderCount);
        var gridBefore = grid.Instance.RenderCount;

        await Renderer.Dispatcher.InvokeAsync(() =>
        {
            Store.ApplySamples(Frame("r2", Sample(1, T0)));
            Store.ApplySamples(Frame("r2", Sample(2, T0 + 250)));
            Store.ApplySamples(Frame("r2", Sample(3, T0 + 500)));
        });
        await FlushFrameAsync();

        Assert.Equal(before["r1"], tiles["r1"].Instance.RenderCount);
        Assert.Equal(before["r2"] + 1, tiles["r2"].Instance.RenderCount);
        Assert.Equal(before["r3"], tiles["r3"].Instance.RenderCount);
        Assert.Equal(gridBefore, grid.Instance.RenderCount);
        Assert.Equal(3, Frames.Arrivals);
        Assert.Equal(3, Frames.ArrivedSamples);
    }

    [Fact]
    public async Task ANewRunnerAndSamples_InOneFrame_RenderTheGridOnceAndEachChangedTileOnce()
    {
        await StartSessionAsync("Ana", "Ben");
        var grid = RenderLive<RunnerGrid>();
        var tiles = grid.FindComponents<RunnerTile>().ToDictionary(t => t.Instance.Runner.RunnerId);
        var before = tiles.ToDictionary(t => t.Key, t => t.Value.Instance.RenderCount);
        var gridBefore = grid.Instance.RenderCount;

        await Renderer.Dispatcher.InvokeAsync(() =>
        {
            Store.ApplySamples(Frame("r1", Sample(1, T0)));
            Store.ApplyRunnerStatus(new() { RunnerId = "r9", Name = "Dee", State = Core.Contracts.RunnerState.Joined });
            Store.ApplySamples(Frame("r1", Sample(2, T0 + 250)));
        });
        await FlushFrameAsync();

        Assert.Equal(gridBefore + 1, grid.Instance.RenderCount);
        Assert.Equal(before["r1"] + 1, tiles["r1"].Instance.RenderCount);
        Assert.Equal(before["r2"], tiles["r2"].Instance.RenderCount);
        Assert.Equal("Dee", grid.Find("[data-runner-id=r9] .name").TextContent);
    }

    [Fact]
    public async Task Samples_BeforeTheFrame_DoNotRenderAtAll()
    {
        await StartSessionAsync("Ana");
        var grid = RenderLive<RunnerGrid>();
        var tile = grid.FindComponent<RunnerTile>();
        var before = tile.Instance.RenderCount;

        await Renderer.Dispatcher.InvokeAsync(() => Store.ApplySamples(Frame("r1", Sample(1, T0))));

        Assert.Equal(before, tile.Instance.RenderCount);
        Assert.True(Frames.HasPending);
    }

    [Fact]
    public async Task ANewRunner_RendersTheGridWithOneMoreTile()
    {
        await StartSessionAsync("Ana");
        var grid = RenderLive<RunnerGrid>();

        await ApplyAsync(s => s.ApplyRunnerStatus(new() { RunnerId = "r9", Name = "Dee", State = Core.Contracts.RunnerState.Joined }));

        Assert.Equal(2, grid.FindAll("[data-runner-id]").Count);
    }

    [Fact]
    public async Task DriftingFirst_RunnerWithAnOpenAlert_MovesToTheFront()
    {
        await StartSessionAsync("Ana", "Ben", "Cai");
        var grid = RenderLive<RunnerGrid>(p => p.Add(g => g.DriftingFirst, true));
        Assert.Equal(["r1", "r2", "r3"], Order(grid));

        await ApplyAsync(s => s.ApplyAlert(new FormAlert { AlertId = "a", RunnerId = "r3", Kind = AlertKind.Imbalance, StartedAt = T0 }));

        Assert.Equal(["r3", "r1", "r2"], Order(grid));
    }

    [Fact]
    public async Task DriftingFirstOff_KeepsJoinOrder()
    {
        await StartSessionAsync("Ana", "Ben", "Cai");
        var grid = RenderLive<RunnerGrid>();

        await ApplyAsync(s => s.ApplyAlert(new FormAlert { AlertId = "a", RunnerId = "r3", Kind = AlertKind.Imbalance, StartedAt = T0 }));

        Assert.Equal(["r1", "r2", "r3"], Order(grid));
    }

    [Fact]
    public async Task Compact_HidesTheSecondaryMetrics()
    {
        await StartSessionAsync("Ana");
        await ApplyAsync(s => s.ApplySamples(Frame("r1", Sample(1, T0))));

        var grid = RenderLive<RunnerGrid>(p => p.Add(g => g.Compact, true));

        Assert.Contains("compact", grid.Find("section.grid").ClassList);
        Assert.Empty(grid.FindAll("[data-metric=powerW]"));
        Assert.Single(grid.FindAll("[data-metric=heartRateBpm]"));
    }

    private static string[] Order(IRenderedComponent<RunnerGrid> grid) =>
        [.. grid.FindAll("[data-runner-id]").Select(e => e.GetAttribute("data-runner-id")!)];
}
