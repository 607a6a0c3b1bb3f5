using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;
using MindMuscle.Live.Web.Review.Compare;

namespace MindMuscle.Live.Web.Tests.Review.Compare;

public sealed class RepComparisonTests
{
    [Fact]
    public void Build_AlignsRepsByNumber_WhoeverRanMoreOrFewer()
    {
        RunnerReps[] reps =
        [
            new("r1", "Ana", [Rep(1, 200), Rep(2, 205), Rep(3, 210)]),
            new("r2", "Ben", [Rep(1, 198), Rep(3, 215)]),
            new("r3", "Cy", [Rep(1, 190)]),
        ];

        var comparison = RepComparison.Build(reps, ["r2", "r1"]);

        Assert.Equal([1, 2, 3], comparison.Rows.Select(r => r.Number));
        Assert.Equal([198.0, 200.0], comparison.Rows[0].Cells.Select(c => c!.PaceSecPerKm!.Value));
        Assert.Null(comparison.Rows[1].Cells[0]);
        Assert.Equal(205, comparison.Rows[1].Cells[1]!.PaceSecPerKm);
        Assert.Equal(["r2", "r1", "r1"], comparison.Rows.Select(r => r.FastestRunnerId));
    }

    [Fact]
    public void Build_RepWithoutPace_IsNeverTheFastest()
    {
        RunnerReps[] reps = [new("r1", "Ana", [Rep(1, null)]), new("r2", "Ben", [Rep(1, null)])];

        var comparison = RepComparison.Build(reps, ["r1", "r2"]);

        Assert.Null(Assert.Single(comparison.Rows).FastestRunnerId);
    }

    [Fact]
    public void Build_RecoveredRepAnswer_KeepsTheLatestOfANumber()
    {
        RunnerReps[] reps = [new("r1", "Ana", [Rep(1, 200), Rep(1, 200) with { HrDrop60Bpm = 30 }])];

        var comparison = RepComparison.Build(reps, ["r1"]);

        Assert.Equal(30, Assert.Single(Assert.Single(comparison.Rows).Cells)!.HrDrop60Bpm);
    }

    private static Rep Rep(int number, double? pace) => new() { Number = number, PaceSecPerKm = pace, HeartRateBpm = 170, CadenceSpm = 180 };
}
