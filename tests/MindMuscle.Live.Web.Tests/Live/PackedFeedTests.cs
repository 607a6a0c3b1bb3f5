using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class PackedFeedTests : LiveTestContext
{
    [Fact]
    public async Task Apply_PackedFrame_TileShowsItsValuesAndHistoryHoldsEverySample()
    {
        await StartSessionAsync("Ana", "Ben");
        var sut = CreateSut(out _);
        var frame = new SamplesFrame
        {
            SessionId = "s1",
            Runners =
            [
                new RunnerSamples { RunnerId = "r1", Samples = [Sample(1, T0 - 250), Sample(2, T0)] },
                new RunnerSamples { RunnerId = "r2", Samples = [new MetricSample { Seq = 1, ObservedAt = T0, HeartRateBpm = 171 }] },
            ],
        };

        await ApplyAsync(_ => sut.Apply(PackedSamples.Write(frame)));
        var tiles = RenderLive<RunnerGrid>().FindComponents<RunnerTile>();
        var tile = tiles.Single(t => t.Instance.Runner.RunnerId == "r1");
        var other = tiles.Single(t => t.Instance.Runner.RunnerId == "r2");

        Assert.Equal("150", tile.Find("[data-metric=heartRateBpm]").TextContent.Trim());
        Assert.Equal("305", tile.Find("[data-metric=powerW]").TextContent.Trim());
        Assert.Equal([1L, 2], Store.Find("r1")!.History.Points.Select(p => p.Seq));
        Assert.Equal(2, Store.Find("r1")!.LastSeq);
        Assert.Equal(frame.Runners[0].Samples.Select(HistoryPoint.Of), Store.Find("r1")!.History.Points);
        Assert.Equal("5", other.Find("article").GetAttribute("data-zone"));
        Assert.Equal(MetricFormat.Missing, other.Find("[data-metric=cadenceSpm]").TextContent.Trim());
    }

    [Fact]
    public async Task Apply_TruncatedFrame_CountedAndDroppedAndTheNextFrameStillApplies()
    {
        await StartSessionAsync("Ana");
        var sut = CreateSut(out var perf);
        var bytes = PackedSamples.Write(Frame("r1", Sample(1, T0)));

        await ApplyAsync(_ => sut.Apply(bytes[..^3]));
        var afterBad = Store.Find("r1")!.LastSeq;
        await ApplyAsync(_ => sut.Apply(PackedSamples.Write(Frame("r1", Sample(2, T0 + 250)))));

        Assert.Equal(0, afterBad);
        Assert.Equal(1, perf.Read().PackedRejected);
        Assert.Equal(2, Store.Find("r1")!.LastSeq);
    }

    private PackedFeed CreateSut(out LivePerf perf)
    {
        perf = new LivePerf(new FakeTimeProvider());
        return new PackedFeed(Store, perf, NullLogger<PackedFeed>.Instance);
    }
}
