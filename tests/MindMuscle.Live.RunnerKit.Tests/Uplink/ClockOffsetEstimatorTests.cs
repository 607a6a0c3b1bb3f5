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

    [Fact]
    public void SeedFromDate_ClocksAgree_SeedsZero()
    {
        var sut = new ClockOffsetEstimator();
        var sent = new DateTimeOffset(2026, 11, 25, 18, 0, 0, 700, TimeSpan.Zero);

        // The hub answered at 18:00:00.730 on the same clock; its Date header says 18:00:00.
        sut.SeedFromDate(sent.AddMilliseconds(-700), sent, sent.AddMilliseconds(60));

        Assert.Equal(0, sut.OffsetMs);
    }

    [Fact]
    public void SeedFromDate_ClocksAgreeAndTheHeaderOneAndAHalfSecondsStale_SeedsZero()
    {
        var sut = new ClockOffsetEstimator();
        var sent = new DateTimeOffset(2026, 11, 25, 18, 0, 0, 370, TimeSpan.Zero);

        // A loaded hub's heartbeat last refreshed the header at 17:59:58.900 (so it says 17:59:58); it answered 1.5 s
        // later, at 18:00:00.400 on the same clock.
        sut.SeedFromDate(sent.AddMilliseconds(-2_370), sent, sent.AddMilliseconds(60));

        Assert.Equal(0, sut.OffsetMs);
    }

    [Fact]
    public void SeedFromDate_HubTwoMinutesAhead_SeedsWithinTheHeadersResolution()
    {
        var sut = new ClockOffsetEstimator();
        var sent = new DateTimeOffset(2026, 11, 25, 18, 0, 0, 700, TimeSpan.Zero);

        // Stamped at 18:02:00.730 hub time, sent as 18:02:00.
        sut.SeedFromDate(sent.AddMilliseconds(120_000 - 700), sent, sent.AddMilliseconds(60));

        Assert.Equal(120_000 - 760, sut.OffsetMs);
    }

    [Fact]
    public void AddRoundTrip_SeedTheRoundTripAllows_Kept()
    {
        var sut = new ClockOffsetEstimator();
        sut.Seed(0);

        // Stamped 70 ms into a 100 ms round trip on the same clock: the midpoint says +20, the round trip allows 0.
        sut.AddRoundTrip(1_000, 1_100, 1_070);

        Assert.Equal(0, sut.OffsetMs);
    }

    [Fact]
    public void AddRoundTrip_SeedTheRoundTripRulesOut_ReplacedByTheRoundTrip()
    {
        var sut = new ClockOffsetEstimator();
        sut.Seed(0);

        sut.AddRoundTrip(1_000, 1_010, 3_005);

        Assert.Equal(2_000, sut.OffsetMs);
    }

    [Fact]
    public void AddRoundTrip_AsymmetricDelaysAroundAnAllowedEstimate_EstimateDoesNotMove()
    {
        var sut = new ClockOffsetEstimator(smoothing: 0.5);
        sut.AddRoundTrip(0, 20, 5_010);

        for (var i = 1; i <= 40; i++)
        {
            // Each ack stamped early or late in its 20 ms round trip: every one allows the first estimate.
            sut.AddRoundTrip(i * 1_000, (i * 1_000) + 20, (i * 1_000) + 5_000 + (i % 3 * 9) + 1);
            Assert.Equal(5_000, sut.OffsetMs);
        }
    }

    [Fact]
    public void AddRoundTrip_EstimateOutsideLaterRoundTrips_MovesIntoThem()
    {
        var sut = new ClockOffsetEstimator(smoothing: 1);
        sut.AddRoundTrip(0, 20, 5_010);

        // The hub's clock stepped 300 ms ahead: the nearest offset these round trips allow is 5 290.
        sut.AddRoundTrip(1_000, 1_020, 6_310);
        for (var i = 2; i <= ClockOffsetEstimator.Window; i++)
        {
            sut.AddRoundTrip(i * 1_000, (i * 1_000) + 20, (i * 1_000) + 5_310);
        }

        sut.AddRoundTrip(20_000, 20_020, 25_310);

        Assert.Equal(5_290, sut.OffsetMs);
    }
}
