using MindMuscle.Live.Core.Alerts.Quality.Track;

namespace MindMuscle.Live.Core.Tests.Alerts.Quality.Track;

public sealed class TrackQualityHarnessTests
{
    private static readonly Lazy<TrackQualityReport> Standard = new(() => TrackQualityHarness.Run(seeds: 2));

    [Fact]
    public void Run_StandardSessions_EveryTargetMet()
    {
        var report = Standard.Value;

        Assert.True(report.MeetsTargets, report.ToMarkdown());
        Assert.Empty(report.Misses);
    }

    [Fact]
    public void Run_IntervalSessions_EveryRepFoundNoneInventedAndMeasured()
    {
        var intervals = Standard.Value.Sessions.Where(s => s.TruthReps > 0).ToList();

        Assert.Equal(7, intervals.Count);
        Assert.All(intervals, s => Assert.Equal(s.TruthReps, s.Found));
        Assert.All(intervals, s => Assert.Equal(0, s.Invented));
        Assert.All(intervals.SelectMany(s => s.BoundaryErrorsS), e => Assert.InRange(e, 0, TrackQualityReport.TargetBoundaryS));
        Assert.All(intervals.SelectMany(s => s.DistanceErrorsPct), e => Assert.InRange(e, 0, TrackQualityReport.TargetDistancePct));
        Assert.NotEmpty(intervals.SelectMany(s => s.DropErrorsBpm));
        Assert.All(intervals.SelectMany(s => s.DropErrorsBpm), e => Assert.InRange(e, 0, TrackQualityReport.TargetDropBpm));
    }

    [Fact]
    public void Run_TempoWithPaceWavesAndFartlekStrides_NoRep()
    {
        var steady = Standard.Value.Sessions.Where(s => s.Name.StartsWith("tempo", StringComparison.Ordinal) || s.Name.StartsWith("fartlek", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, steady.Count);
        Assert.All(steady, s => Assert.Equal(0, s.Invented));
    }

    [Fact]
    public void Run_FadingRunner_RepFadeFromTheFirstRepFourPercentOffAndOnNobodyElse()
    {
        var sessions = Standard.Value.Sessions;
        var fading = Assert.Single(sessions, s => s.FadeExpected > 0);

        Assert.Equal(3 * 2, fading.FadeExpected); // reps 4-6, two runs
        Assert.Equal(fading.FadeExpected, fading.FadeRaised);
        Assert.All(sessions, s => Assert.Equal(0, s.FadeUnexpected));
    }

    [Fact]
    public void SlowdownPct_FadingPlan_FirstRepFourPercentOffIsTheFourth()
    {
        var plan = Assert.Single(TrackQualityPlan.Standard, p => p.RepSpeedShares.Count > 0);

        var slowdowns = Enumerable.Range(1, plan.Reps).Select(plan.SlowdownPct).ToList();

        Assert.Equal(4, slowdowns.FindIndex(s => s >= 4) + 1);
        Assert.InRange(slowdowns[2], 1, 3); // rep 3 fades a little, below the threshold
    }

    [Fact]
    public void Build_IntervalPlan_RepsAsPlannedWithRecoveries()
    {
        var plan = TrackQualityPlan.Standard[0];

        var (scenario, _, reps) = plan.Build(seed: 3);

        Assert.Equal(plan.Reps, reps.Count);
        Assert.All(reps.Zip(reps.Skip(1)), pair => Assert.Equal(plan.Recovery.TotalSeconds, (pair.Second.Start - pair.First.End).TotalSeconds, 0.5));
        Assert.True(scenario.Duration > reps[^1].End + plan.Recovery);
        Assert.All(reps, r => Assert.InRange(r.DistanceM, plan.RepDistanceM * 0.95, plan.RepDistanceM * 1.05));
    }
}
