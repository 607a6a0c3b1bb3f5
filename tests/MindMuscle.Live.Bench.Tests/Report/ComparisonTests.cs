using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Bench.Tests.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Report;

/// <summary>The summary's comparisons of the product with the bare hubs of the same run, on fixed figures.</summary>
public sealed class ComparisonTests
{
    private static readonly LoadConfig Shape = new() { Sessions = 50, Runners = 1500, Coaches = 2 };

    [Fact]
    public void BaresFor_ProductRow_FindsBothBareRowsOfTheSameLoadOnly()
    {
        var bare = Run(Shape with { Hub = HubKind.Bare });
        var recording = Run(Shape with { Hub = HubKind.Bare, BareRecord = true });
        var otherProtocol = Run(Shape with { Hub = HubKind.Bare, BareRecord = true, Protocol = WireProtocol.MessagePack });
        var product = Run(Shape with { Hub = HubKind.Product });

        var bares = Comparison.BaresFor(product, [otherProtocol, recording, product, bare]);

        Assert.Equal([bare, recording], bares);
        Assert.Empty(Comparison.BaresFor(bare, [bare, recording, product]));
    }

    [Fact]
    public void CueParts_ProductWithMetersAndBareRecord_ShowsTheHubsPartAndTheRatio()
    {
        var product = Run(Shape with { Hub = HubKind.Product }) with
        {
            CueRoundTrip = Latency(p99: 60),
            HubMeters = new HubMeterSummary { MessageWaitP99MaxMs = 12.5, CueDeliveryP99MaxMs = 3 },
        };
        var bare = Run(Shape with { Hub = HubKind.Bare, BareRecord = true }) with { CueRoundTrip = Latency(p99: 40) };

        var text = Comparison.CueParts(product, [bare]);

        Assert.Equal(
            "cue round trip p99 60 ms end to end; in the hub: coach message wait p99 max 12.5 ms, cue delivery p99 max 3 ms; bare+record 40 ms (1.50 x)",
            text);
    }

    [Fact]
    public void CueParts_ProductWithCountersOnly_LeavesOutTheHubsPart()
    {
        // The default listener reads no histogram: no "in the hub" part made of dashes.
        var product = Run(Shape with { Hub = HubKind.Product }) with
        {
            CueRoundTrip = Latency(p99: 60),
            HubMeters = new HubMeterSummary { FramesSent = 1000 },
        };

        var text = Comparison.CueParts(product, []);

        Assert.Equal("cue round trip p99 60 ms end to end", text);
    }

    [Fact]
    public void CueParts_NoCues_IsNull()
    {
        Assert.Null(Comparison.CueParts(Run(Shape with { Hub = HubKind.Product }), []));
    }

    [Fact]
    public void BreakingPointRatios_ProductAndBothBares_RatioAgainstEach()
    {
        BreakingPointResult[] points =
        [
            new() { Hub = "bare", Protocol = "json", HeldRunners = 3000, BrokeAtRunners = 3600 },
            new() { Hub = "bare+record", Protocol = "json", HeldRunners = 2400, BrokeAtRunners = 3000 },
            new() { Hub = "product", Protocol = "json", HeldRunners = 1800, BrokeAtRunners = 2400 },
        ];

        var lines = Comparison.BreakingPointRatios(points);

        Assert.Equal(
            [
                "json: product / bare breaking point: 0.60 x (product held 1800 runners, bare held 3000 runners)",
                "json: product / bare+record breaking point: 0.75 x (product held 1800 runners, bare+record held 2400 runners)",
            ],
            lines);
    }

    [Fact]
    public void BreakingPointRatios_ProductHeldEveryStep_SaysOrMore()
    {
        BreakingPointResult[] points =
        [
            new() { Hub = "bare+record", Protocol = "messagepack", HeldRunners = 600, BrokeAtRunners = 900 },
            new() { Hub = "product", Protocol = "messagepack", HeldRunners = 900 },
        ];

        var line = Assert.Single(Comparison.BreakingPointRatios(points));

        Assert.Equal("messagepack: product / bare+record breaking point: 1.50 x (product held 900 runners or more, bare+record held 600 runners)", line);
    }

    [Fact]
    public void BreakingPointRatios_BareHeldNoStep_SaysSoWithoutARatio()
    {
        BreakingPointResult[] points =
        [
            new() { Hub = "bare", Protocol = "json", HeldRunners = 0, BrokeAtRunners = 600 },
            new() { Hub = "product", Protocol = "json", HeldRunners = 0, BrokeAtRunners = 600 },
        ];

        var line = Assert.Single(Comparison.BreakingPointRatios(points));

        Assert.Equal("json: bare held no step (broke at 600), product held 0 runners: no ratio", line);
    }

    [Fact]
    public void Violations_SampleMissingFromRecording_BreaksTheStep()
    {
        var run = FixedRuns.Clean(Shape with { Hub = HubKind.Bare, BareRecord = true }) with { RecordedRows = 99, LostInRecording = 1, DuplicatesInRecording = 0 };

        var why = Assert.Single(run.Violations(250));

        Assert.Equal("recording lost 1 dup 0", why);
    }

    [Fact]
    public void Violations_FramesDroppedAtCoaches_BreaksTheStep()
    {
        var run = FixedRuns.Clean(Shape with { Hub = HubKind.Product }) with { FramesDroppedReported = 7 };

        var why = Assert.Single(run.Violations(250));

        Assert.Equal("lost at coaches 0 (frames dropped 7)", why);
    }

    [Fact]
    public void Violations_HubMeterDroppedSamples_BreaksTheStep()
    {
        var run = FixedRuns.Clean(Shape with { Hub = HubKind.Product }) with { HubMeters = new HubMeterSummary { SamplesDropped = 40 } };

        var why = Assert.Single(run.Violations(250));

        Assert.Equal("hub dropped 40 samples for lagging coaches", why);
    }

    [Fact]
    public void Violations_CleanStep_Holds()
    {
        Assert.Empty(FixedRuns.Clean(Shape with { Hub = HubKind.Product }).Violations(250));
    }

    private static RunResult Run(LoadConfig config) => new() { Config = config, Latency = Latency(p99: 20), AckLatency = Latency(p99: 30) };

    private static LatencySummary Latency(double p99) => new(100, 1, 2, p99, p99 + 1);
}
