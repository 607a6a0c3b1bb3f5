using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>
/// A step that breaks while the generator is behind is run once more, so a stalled generator is not quoted as the hub's
/// breaking point; on fixed run results (no hub is started).
/// </summary>
public sealed class BreakingPointTests
{
    private static readonly LoadConfig Template = new() { Hub = HubKind.Product, Runners = 300, Coaches = 2 };

    [Fact]
    public async Task FindAsync_BreakWithGeneratorBehindThenRerunHolds_TakesTheRerunAndGoesOn()
    {
        var script = new Queue<RunResult>([Clean(300), Broken(600, lagMs: 700), Clean(600), Broken(900, lagMs: 10)]);
        var calls = new List<(int Runners, string Attempt)>();

        var result = await BreakingPoint.FindAsync(Template, [300, 600, 900], null, 250, Scripted(script, calls), CancellationToken.None);

        Assert.Equal([(300, ""), (600, ""), (600, " (rerun: generator was behind)"), (900, "")], calls);
        Assert.Equal(600, result.HeldRunners);
        Assert.Equal(900, result.BrokeAtRunners);
        Assert.False(result.BrokeWithGeneratorBehind);
        Assert.Equal(4, result.Steps.Count);
    }

    [Fact]
    public async Task FindAsync_BreaksWithGeneratorBehindTwice_RecordsTheRerunAndMarksIt()
    {
        var rerun = Broken(600, lagMs: 800, p99: 510);
        var script = new Queue<RunResult>([Clean(300), Broken(600, lagMs: 700, p99: 400), rerun]);
        var calls = new List<(int Runners, string Attempt)>();

        var result = await BreakingPoint.FindAsync(Template, [300, 600, 900], null, 250, Scripted(script, calls), CancellationToken.None);

        Assert.Equal(3, calls.Count);
        Assert.Equal(300, result.HeldRunners);
        Assert.Equal(600, result.BrokeAtRunners);
        Assert.True(result.BrokeWithGeneratorBehind);
        Assert.Equal("p99 510 ms > 250 ms", result.BrokeBecause[0]);
        Assert.Same(rerun, result.Steps[^1]);
    }

    [Fact]
    public async Task FindAsync_BreakWithTheGeneratorOnSchedule_IsNotRerun()
    {
        var script = new Queue<RunResult>([Broken(300, lagMs: 20)]);
        var calls = new List<(int Runners, string Attempt)>();

        var result = await BreakingPoint.FindAsync(Template, [300, 600], null, 250, Scripted(script, calls), CancellationToken.None);

        Assert.Single(calls);
        Assert.Equal(300, result.BrokeAtRunners);
        Assert.False(result.BrokeWithGeneratorBehind);
    }

    [Fact]
    public void BreakingPointRatios_ProductBrokeWithGeneratorBehind_SaysSoOnTheRatioLine()
    {
        BreakingPointResult[] points =
        [
            new() { Hub = "bare+record", Protocol = "json", HeldRunners = 2400, BrokeAtRunners = 3000 },
            new() { Hub = "product", Protocol = "json", HeldRunners = 1200, BrokeAtRunners = 1800, BrokeWithGeneratorBehind = true },
        ];

        var line = Assert.Single(Comparison.BreakingPointRatios(points));

        Assert.Equal(
            "json: product / bare+record breaking point: 0.50 x (product held 1200 runners, bare+record held 2400 runners); "
            + "CAVEAT: product broke with the generator behind (also on the rerun), so its breaking point may be the generator's, "
            + "not the hub's; repeat on an idle machine or with --pin",
            line);
    }

    private static Func<LoadConfig, string, CancellationToken, Task<RunResult>> Scripted(
        Queue<RunResult> script, List<(int Runners, string Attempt)> calls) =>
        (config, attempt, _) =>
        {
            calls.Add((config.Runners, attempt));
            var next = script.Dequeue();
            Assert.Equal(config.Runners, next.Config.Runners);
            return Task.FromResult(next);
        };

    private static RunResult Clean(int runners) => FixedRuns.Clean(Template with { Runners = runners });

    private static RunResult Broken(int runners, double lagMs, double p99 = 480) =>
        Clean(runners) with { Latency = new LatencySummary(100, 1, 2, p99, p99 + 100), GeneratorLagMaxMs = lagMs };
}
