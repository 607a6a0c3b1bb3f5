using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;
using static MindMuscle.Live.Bench.Tests.Scenarios.FixedRuns;

namespace MindMuscle.Live.Bench.Tests.Report;

/// <summary>A run whose generator fell behind its schedule is flagged, so its figures are not taken for the hub's.</summary>
public sealed class GeneratorBehindTests
{
    private static readonly LoadConfig Shape = new() { Hub = HubKind.Product, Sessions = 50, Runners = 1500, Coaches = 2 };

    [Fact]
    public void Ok_CleanRunWithinTheLagLimit_IsYes()
    {
        var run = Clean(Shape) with { GeneratorLagMaxMs = 250 };

        Assert.False(run.GeneratorBehind);
        Assert.Null(run.GeneratorNote);
        Assert.Equal("[green]yes[/]", ResultTables.Ok(run));
    }

    [Fact]
    public void Ok_CleanRunWhoseGeneratorFellBehind_SaysGenBehindNotYes()
    {
        var run = Clean(Shape) with { GeneratorLagMaxMs = 612.4 };

        Assert.True(run.GeneratorBehind);
        Assert.Equal("[yellow]gen behind[/]", ResultTables.Ok(run));
        Assert.Equal(
            "generator behind: its publishing loop fell 612.4 ms behind schedule (limit 250 ms), so the tail may be the generator's, "
            + "not the hub's; repeat on an idle machine or with --pin",
            run.GeneratorNote);
    }

    [Fact]
    public void Ok_FailedRunWhoseGeneratorFellBehind_SaysBoth()
    {
        var run = Clean(Shape) with { GeneratorLagMaxMs = 900, LostAtCoaches = 3 };

        Assert.Equal("[red]NO[/], [yellow]gen behind[/]", ResultTables.Ok(run));
    }

    [Fact]
    public void GeneratorBehind_TheLimitComesFromTheConfig()
    {
        var run = Clean(Shape with { GeneratorLagLimitMs = 100 }) with { GeneratorLagMaxMs = 150 };

        Assert.True(run.GeneratorBehind);
        Assert.Equal("[yellow]gen behind[/]", ResultTables.Ok(run));
    }

    [Fact]
    public void WhyBroke_BrokenStepWhoseGeneratorFellBehind_SaysTheBreakMayBeTheGenerators()
    {
        var run = Clean(Shape) with { Latency = new LatencySummary(100, 1, 2, 480, 700), GeneratorLagMaxMs = 540 };

        var why = BreakingPoint.WhyBroke(run, 250);

        Assert.Equal(2, why.Count);
        Assert.Equal("p99 480 ms > 250 ms", why[0]);
        Assert.StartsWith("generator behind: its publishing loop fell 540 ms behind schedule", why[1], StringComparison.Ordinal);
    }

    [Fact]
    public void WhyBroke_HeldStepWhoseGeneratorFellBehind_StillHolds()
    {
        // The hub held even though the generator stalled: the step is not broken by the generator's note alone.
        var run = Clean(Shape) with { GeneratorLagMaxMs = 540 };

        Assert.Empty(BreakingPoint.WhyBroke(run, 250));
    }
}
