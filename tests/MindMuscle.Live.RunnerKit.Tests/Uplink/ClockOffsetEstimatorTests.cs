using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.RunnerKit.Tests.Uplink;

public sealed class ClockOffsetEstimatorTests
{
    [Fact]
    public void AddRoundTrip_SymmetricRoundTrip_OffsetIsHubMinusMidpoint()
    {
        var sut = new ClockOffsetEstimator();

        sut.AddRoundTrip(sentAtMs: 1_000, receivedAtMs: 1_040, hubTimeMs: 61_020);

        Assert.Equal(60_000, sut.OffsetMs);
        Assert.Equal(40, sut.LastRttMs);
        Assert.Equal(61_000, sut.ToHubTime(1_000));
    }

    [Fact]
    public void AddRoundTrip_NoisySamples_SmoothedTowardsTheTruth()
    {
        var sut = new ClockOffsetEstimator(smoothing: 0.2);
        sut.AddRoundTrip(0, 20, 5_010);

        for (var i = 1; i <= 50; i++)
        {
            var jitter = i % 2 == 0 ? 8 : -8;
            sut.AddRoundTrip(i * 1_000, (i * 1_000) + 20, (i * 1_000) + 10 + 5_000 + jitter);
        }

        Assert.InRange(sut.OffsetMs, 4_990, 5_010);
    }

    [Fact]
    public void AddRoundTrip_SlowRoundTripAfterFastOnes_Ignored()
    {
        var sut = new ClockOffsetEstimator(smoothing: 1);
        sut.AddRoundTrip(0, 10, 1_005);

        sut.AddRoundTrip(1_000, 3_000, 2_500 + 1_000);

        Assert.Equal(1_000, sut.OffsetMs);
    }

    [Fact]
    public void AddRoundTrip_SlowCommitsAfterOneFastRoundTrip_FollowsTheFastOne()
    {
        var sut = new ClockOffsetEstimator(smoothing: 0.5);
        sut.AddRoundTrip(0, 4, 2);

        for (var i = 1; i < ClockOffsetEstimator.Window; i++)
        {
            // The hub stamps after a 300 ms commit: the midpoint is 150 ms early for these.
            sut.AddRoundTrip(i * 1_000, (i * 1_000) + 304, (i * 1_000) + 302);
        }

        Assert.InRange(sut.OffsetMs, 0, 10);
    }

    [Fact]
    public void Seed_AfterRoundTrips_DoesNotOverrideThem()
    {
        var sut = new ClockOffsetEstimator();
        sut.Seed(3_000);
        sut.AddRoundTrip(0, 10, 105);

        sut.Seed(9_000);

        Assert.Equal(100, sut.OffsetMs);
    }

    [Fact]
    public void AddRoundTrip_HubTimeMissing_Ignored()
    {
        var sut = new ClockOffsetEstimator();

        sut.AddRoundTrip(0, 10, 0);

        Assert.False(sut.HasEstimate);
    }
}
