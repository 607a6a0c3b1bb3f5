using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Tests.Alerts;

public sealed class AlertEngineTests
{
    public static TheoryData<AlertKind, double> Deviations => new()
    {
        { AlertKind.CadenceDrop, 15 },
        { AlertKind.StrideChange, 15 },
        { AlertKind.Overstride, 15 },
        { AlertKind.HeavyFootfall, 15 },
        { AlertKind.Imbalance, 20 },
        { AlertKind.HrDrift, 15 },
        { AlertKind.HrCeiling, 10 },
        { AlertKind.PaceDrop, 15 },
        { AlertKind.ContactLost, 5 },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public void Feed_DeviationHeld_RaisesOnceAfterMinDurationNotBefore(AlertKind kind, double minSeconds)
    {
        var sut = CreateSut(new AlertSettings { HrCeilingBpm = 170, TargetPaceSecPerKm = 250 });
        var script = new RunScript().WarmUp();
        sut.FeedFrom(script);
        var deviationStart = script.Now;
        var from = script.Samples.Count;
        Deviate(script, kind);

        var events = sut.FeedFrom(script.Run(90), from);

        var raised = Assert.Single(events, e => e.Kind == AlertEventKind.Raised);
        Assert.Equal(kind, raised.Alert.Kind);
        Assert.True(raised.Alert.StartedAt >= deviationStart + (long)(minSeconds * 1000),
            $"raised {raised.Alert.StartedAt - deviationStart} ms after the deviation began, min duration {minSeconds} s");
        Assert.True(raised.Alert.StartedAt <= deviationStart + (long)(minSeconds * 1000) + 12_000, "raised more than 12 s late");
        Assert.Equal("r1", raised.Alert.RunnerId);
        Assert.False(string.IsNullOrWhiteSpace(raised.Alert.Message));
        Assert.Null(raised.Alert.ClearedAt);
    }

    [Theory]
    [MemberData(nameof(Deviations))]
    public void Feed_DeviationShorterThanMinDuration_RaisesNothing(AlertKind kind, double minSeconds)
    {
        var sut = CreateSut(new AlertSettings { HrCeilingBpm = 170, TargetPaceSecPerKm = 250 });
        var script = new RunScript().WarmUp();
        sut.FeedFrom(script);
        var from = script.Samples.Count;
        var steady = new RunScript();
        Deviate(script, kind);

        // The median window takes ~half its length to turn: a deviation of min duration in raw samples stays below it.
        script.Run((int)minSeconds);
        Restore(script, steady);
        var events = sut.FeedFrom(script.Run(60), from);

        Assert.DoesNotContain(events, e => e.Kind == AlertEventKind.Raised);
    }

    [Theory]
    [MemberData(nameof(Deviations))]
    public void Feed_Recovered_ClearsWithClearedAtAfterStart(AlertKind kind, double minSeconds)
    {
        _ = minSeconds;
        var sut = CreateSut(new AlertSettings { HrCeilingBpm = 170, TargetPaceSecPerKm = 250 });
        var script = new RunScript().WarmUp();
        var steady = new RunScript();
        Deviate(script, kind);
        script.Run(60);
        Restore(script, steady);

        var events = sut.FeedFrom(script.Run(60));

        var raised = Assert.Single(events.Raised(kind));
        var cleared = Assert.Single(events.Cleared(kind));
        Assert.Equal(raised.AlertId, cleared.AlertId);
        Assert.True(cleared.ClearedAt > raised.StartedAt);
    }

    [Fact]
    public void Feed_SingleSpikeInEveryField_RaisesNothing()
    {
        var sut = CreateSut(new AlertSettings { HrCeilingBpm = 170, TargetPaceSecPerKm = 250 });
        var script = new RunScript().WarmUp();
        sut.FeedFrom(script);
        var from = script.Samples.Count;

        script.Spike(s => s with
        {
            CadenceSpm = 120, StrideLengthM = 2.2, SpeedMps = 2.0, HeartRateBpm = 200, GroundContactMs = 400,
            VerticalOscillationCm = 14, GctBalanceLeftPct = 60,
        }).Run(120);
        var events = sut.FeedFrom(script, from);

        Assert.Empty(events);
    }

    [Fact]
    public void Feed_SteadyRun_RaisesNothing()
    {
        var sut = CreateSut(new AlertSettings { HrCeilingBpm = 190, TargetPaceSecPerKm = 250 });

        var events = sut.FeedFrom(new RunScript().Run(3600));

        Assert.Empty(events);
    }

    [Fact]
    public void Feed_BackInsideHysteresisBandOnly_StaysOpen()
    {
        var sut = CreateSut();
        var script = new RunScript().WarmUp();
        script.Cadence = 168;
        script.Run(60);

        // 4 % below: under the 5 % threshold but not under the 3 % clear line (40 % hysteresis).
        script.Cadence = 172.8;
        var events = sut.FeedFrom(script.Run(120));

        Assert.Single(events.Raised(AlertKind.CadenceDrop));
        Assert.Empty(events.Cleared(AlertKind.CadenceDrop));
    }

    [Fact]
    public void Feed_RecoveredFewerThanClearSeconds_StaysOpen()
    {
        var sut = CreateSut(new AlertSettings { ClearSeconds = 30 });
        var script = new RunScript().WarmUp();
        script.Cadence = 168;
        script.Run(60);
        script.Cadence = 180;
        script.Run(30);
        script.Cadence = 168;

        var events = sut.FeedFrom(script.Run(60));

        Assert.Single(events.Raised(AlertKind.CadenceDrop));
        Assert.Empty(events.Cleared(AlertKind.CadenceDrop));
    }

    [Fact]
    public void Feed_DropAgainRightAfterClear_RaisesAgainOnlyAfterCooldown()
    {
        var sut = CreateSut(new AlertSettings { CooldownSeconds = 90 });
        var script = new RunScript().WarmUp();
        script.Cadence = 168;
        script.Run(60);
        script.Cadence = 180;
        script.Run(40);
        script.Cadence = 168;

        var events = sut.FeedFrom(script.Run(240));

        var raised = events.Raised(AlertKind.CadenceDrop).ToList();
        var cleared = Assert.Single(events.Cleared(AlertKind.CadenceDrop));
        Assert.Equal(2, raised.Count);
        Assert.True(raised[1].StartedAt >= cleared.ClearedAt + 90_000, "raised again inside the cooldown");
        Assert.True(raised[1].StartedAt <= cleared.ClearedAt + 92_000, "held back longer than the cooldown");
    }

    [Fact]
    public void Feed_DuringWarmup_RaisesNoBaselineAlerts()
    {
        var sut = CreateSut();
        var script = new RunScript().Run(30);
        script.Cadence = 160;
        script.Stride = 1.6;

        var events = sut.FeedFrom(script.Run(40));

        Assert.Empty(events);
        Assert.False(((AlertEngine)sut).IsWarmedUp(AlertEngineTestExtensions.RunnerId));
    }

    [Fact]
    public void Feed_WarmupByDistance_EndsAt400mBeforeThreeMinutes()
    {
        var sut = (AlertEngine)CreateSut();
        var script = new RunScript { Speed = 5 };

        sut.FeedFrom(script.Run(79));
        var before = sut.IsWarmedUp(AlertEngineTestExtensions.RunnerId);
        sut.FeedFrom(script.Run(3), 79);

        Assert.False(before);
        Assert.True(sut.IsWarmedUp(AlertEngineTestExtensions.RunnerId));
    }

    [Fact]
    public void Feed_RunnerStopsBetweenRepeats_RaisesNothing()
    {
        var sut = CreateSut(new AlertSettings { TargetPaceSecPerKm = 250 });
        var script = new RunScript().WarmUp();
        script.Speed = 0.5;
        script.Cadence = 60;
        script.Stride = 0.5;
        script.Hr = 120;

        var events = sut.FeedFrom(script.Run(120));

        Assert.Empty(events);
    }

    [Fact]
    public void Feed_SameSamplesTwice_IdenticalAlerts()
    {
        var script = new RunScript().WarmUp();
        script.Cadence = 168;
        script.BalanceLeft = 54;
        script.Run(60);
        script.Cadence = 180;
        script.Oscillation = 10;
        script.Run(120).Silence(7).Run(30);

        var first = CreateSut(new AlertSettings { HrCeilingBpm = 170 }).FeedFrom(script);
        var second = CreateSut(new AlertSettings { HrCeilingBpm = 170 }).FeedFrom(script);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void RemoveRunner_WithOpenAlerts_ClearsThemAtTheGivenTime()
    {
        var sut = CreateSut();
        var script = new RunScript().WarmUp();
        script.Cadence = 160;
        sut.FeedFrom(script.Run(60));
        var events = new List<AlertEvent>();

        sut.RemoveRunner(AlertEngineTestExtensions.RunnerId, script.Now + 5_000, events);

        var cleared = Assert.Single(events);
        Assert.Equal(AlertEventKind.Cleared, cleared.Kind);
        Assert.Equal(script.Now + 5_000, cleared.Alert.ClearedAt);
    }

    [Fact]
    public void Feed_ImplausibleValues_AreCountedAndIgnored()
    {
        var sut = (AlertEngine)CreateSut();
        var script = new RunScript().WarmUp();
        script.Spike(s => s with { CadenceSpm = double.NaN, SpeedMps = -3, HeartRateBpm = 900, BatteryPct = 300 });

        var events = sut.FeedFrom(script.Run(30));

        Assert.Empty(events);
        Assert.Equal(4, sut.RejectedValues);
    }

    [Fact]
    public void Feed_ValuesOutsideThePlausibleRangesOrAtRest_AreCountedAndIgnored()
    {
        var sut = new AlertEngine("s1", AlertSettings.Default);
        var script = new RunScript().WarmUp();
        script.Spike(s => s with { HeartRateBpm = (int)PlausibleRanges.HeartRateBpm.Max + 1, CadenceSpm = PlausibleRanges.CadenceSpm.Max + 1 });
        script.Spike(s => s with { StrideLengthM = 0.01, GroundContactMs = 10, VerticalOscillationCm = 0.1, GctBalanceLeftPct = 100 });
        script.Spike(s => s with { HeartRateBpm = (int)PlausibleRanges.HeartRateBpm.Max, CadenceSpm = PlausibleRanges.CadenceSpm.Max });

        var events = sut.FeedFrom(script.Run(30));

        Assert.Empty(events);
        Assert.Equal(6, sut.RejectedValues);
    }

    internal static void Deviate(RunScript script, AlertKind kind)
    {
        switch (kind)
        {
            case AlertKind.CadenceDrop: script.Cadence = 168; break;
            case AlertKind.StrideChange: script.Stride = 1.46; break;
            case AlertKind.Overstride: script.Stride = 1.42; script.Cadence = 173; break;
            case AlertKind.HeavyFootfall: script.Oscillation = 9.6; break;
            case AlertKind.Imbalance: script.BalanceLeft = 53; break;
            case AlertKind.HrDrift: script.Hr = 164; break;
            case AlertKind.HrCeiling: script.Hr = 175; script.Speed = 4.5; break;
            case AlertKind.PaceDrop: script.Speed = 3.7; break;
            case AlertKind.ContactLost: script.Contact = false; break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void Restore(RunScript script, RunScript steady)
    {
        script.Cadence = steady.Cadence;
        script.Stride = steady.Stride;
        script.Speed = steady.Speed;
        script.Hr = steady.Hr;
        script.GroundContact = steady.GroundContact;
        script.Oscillation = steady.Oscillation;
        script.BalanceLeft = steady.BalanceLeft;
        script.Contact = steady.Contact;
    }

    private static IAlertEngine CreateSut(AlertSettings? settings = null) =>
        new AlertEngineFactory().Create("s1", settings ?? AlertSettings.Default);
}
