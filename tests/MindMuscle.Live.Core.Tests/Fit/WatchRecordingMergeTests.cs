using MindMuscle.Live.Core.Fit;

namespace MindMuscle.Live.Core.Tests.Fit;

public sealed class WatchRecordingMergeTests
{
    private const long T0 = 1_700_000_000_000;

    [Fact]
    public void Plan_GapInTheLiveRecording_AddsOnlyTheGapsSecondsAfterTheLastSeq()
    {
        var watch = Enumerable.Range(0, 10).Select(i => new FitRecord { Timestamp = T0 + (i * 1000L), HeartRateBpm = 140 + i }).ToList();
        var recorded = new HashSet<long> { (T0 / 1000) + 0, (T0 / 1000) + 1, (T0 / 1000) + 7, (T0 / 1000) + 8, (T0 / 1000) + 9 };

        var plan = WatchRecordingMerge.Plan(watch, T0, T0 + 60_000, recorded, lastSeq: 41);

        Assert.Equal([42L, 43, 44, 45, 46], plan.Added.Select(s => s.Seq));
        Assert.Equal([142, 143, 144, 145, 146], plan.Added.Select(s => s.HeartRateBpm ?? 0));
        Assert.All(plan.Added, s => Assert.True(s.Backfilled));
        Assert.Equal(5, plan.Skipped);
        Assert.Equal(0, plan.OutsideWindow);
    }

    [Fact]
    public void Plan_RecordsOutsideTheWindow_CountedNotAdded()
    {
        var watch = new[] { new FitRecord { Timestamp = T0 - 1000 }, new FitRecord { Timestamp = T0 }, new FitRecord { Timestamp = T0 + 5000 } };

        var plan = WatchRecordingMerge.Plan(watch, T0, T0 + 4000, new HashSet<long>(), lastSeq: 0);

        Assert.Equal(1, Assert.Single(plan.Added).Seq);
        Assert.Equal(2, plan.OutsideWindow);
    }
}
