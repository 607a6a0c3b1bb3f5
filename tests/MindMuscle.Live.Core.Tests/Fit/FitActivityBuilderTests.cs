using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Tests.Track;

namespace MindMuscle.Live.Core.Tests.Fit;

public sealed class FitActivityBuilderTests
{
    [Fact]
    public void Build_IntervalSession_HasOneLapPerRepAndRecoveryBetweenWarmupAndCooldown()
    {
        var session = IntervalSession.Build(
            [new(3.0, 300), new(5.0, 160, IsRep: true), new(2.5, 90), new(5.0, 160, IsRep: true), new(2.5, 90), new(5.0, 160, IsRep: true), new(2.5, 200)],
            seed: 7);

        var activity = Build(session.Samples);

        Assert.Equal(
            [FitIntensity.Warmup, FitIntensity.Active, FitIntensity.Recovery, FitIntensity.Active, FitIntensity.Recovery, FitIntensity.Active, FitIntensity.Cooldown],
            activity.Laps.Select(l => l.Intensity));
        var reps = activity.Laps.Where(l => l.Intensity == FitIntensity.Active).ToList();
        for (var i = 0; i < reps.Count; i++)
        {
            Assert.InRange(reps[i].Totals.StartedAt, session.Reps[i].StartedAt - 5000, session.Reps[i].StartedAt + 5000);
            Assert.InRange(reps[i].Totals.EndedAt, session.Reps[i].EndedAt - 5000, session.Reps[i].EndedAt + 5000);
        }

        Assert.Equal(4, Assert.Single(activity.Sessions).SubSport);
        AssertLapsTileTheSession(activity);
    }

    [Fact]
    public void Build_SteadyRunWithoutReps_HasA400mLapEach400mAndTheRestLast()
    {
        // 3.2 m/s for 10 min: 1920 m, so four 400 m laps and 320 m to finish.
        var session = IntervalSession.Build([new(3.2, 600)], seed: 3, noisePct: 0.5);

        var activity = Build(session.Samples);

        Assert.Equal(5, activity.Laps.Count);
        Assert.All(activity.Laps.Take(4), l => Assert.Equal(FitLapTrigger.Distance, l.Trigger));
        Assert.Equal(FitLapTrigger.SessionEnd, activity.Laps[^1].Trigger);
        Assert.All(activity.Laps.Take(4), l => Assert.InRange(l.Totals.DistanceM!.Value, 395, 405));
        Assert.Equal(0, Assert.Single(activity.Sessions).SubSport);
        AssertLapsTileTheSession(activity);
    }

    [Fact]
    public void Build_TwoSensorsInOneSecond_MergeIntoOneRecordWithTheNewestValues()
    {
        var t = 1_700_000_000_000;
        var builder = new FitActivityBuilder();
        builder.Add(new MetricSample { Seq = 1, ObservedAt = t + 100, HeartRateBpm = 140 });
        builder.Add(new MetricSample { Seq = 2, ObservedAt = t + 400, CadenceSpm = 170, GroundContactMs = 250 });
        builder.Add(new MetricSample { Seq = 3, ObservedAt = t + 900, HeartRateBpm = 141 });
        builder.Add(new MetricSample { Seq = 4, ObservedAt = t + 1200, CadenceSpm = 172 });
        builder.Add(new MetricSample { Seq = 5, ObservedAt = t + 1100, HeartRateBpm = 142 }); // a clock behind: joins second 1

        var activity = builder.Build()!;

        Assert.Equal([t, t + 1000], activity.Records.Select(r => r.Timestamp));
        Assert.Equal(141, activity.Records[0].HeartRateBpm);
        Assert.Equal(170, activity.Records[0].CadenceSpm);
        Assert.Equal(250, activity.Records[0].GroundContactMs);
        Assert.Equal(142, activity.Records[1].HeartRateBpm);
        Assert.Null(activity.Records[1].GroundContactMs);
    }

    [Fact]
    public void Build_NoSamples_IsNull() => Assert.Null(new FitActivityBuilder().Build());

    private static FitActivity Build(IEnumerable<MetricSample> samples)
    {
        var builder = new FitActivityBuilder();
        foreach (var s in samples)
        {
            builder.Add(s);
        }

        return builder.Build()!;
    }

    private static void AssertLapsTileTheSession(FitActivity activity)
    {
        var session = activity.Sessions[0].Totals;
        Assert.Equal(session.StartedAt, activity.Laps[0].Totals.StartedAt);
        Assert.Equal(session.EndedAt, activity.Laps[^1].Totals.EndedAt);
        for (var i = 1; i < activity.Laps.Count; i++)
        {
            Assert.Equal(activity.Laps[i - 1].Totals.EndedAt, activity.Laps[i].Totals.StartedAt);
        }

        Assert.Equal(session.DistanceM!.Value, activity.Laps.Sum(l => l.Totals.DistanceM ?? 0), 6);
    }
}
