using MindMuscle.Live.Relay.Hosting;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Tests.Hosting;

public sealed class StatusBoardTests
{
    [Fact]
    public void Format_OneRunnerWithRefusedReadings_ShowsHubOutboxSensorsCuesAndOutboxFull()
    {
        var status = new RelayStatus
        {
            Runners =
            [
                new RunnerStatusLine
                {
                    Name = "Ana", Hub = UplinkState.Reconnecting, OutboxPending = 240, LastSeq = 1200, AckedSeq = 960, LastAckAgoMs = 61_000, Refused = 3,
                    Sensors = [new SensorLine(SensorKind.HeartRate, SensorState.Connected, "HRM", 87), new SensorLine(SensorKind.Footpod, SensorState.Lost, null, null)],
                },
            ],
            CuesHeard = 2, CuesSpoken = 1, CuesExpired = 1, LastCue = "drive the ground away",
        };

        var line = StatusBoard.Format(status);

        Assert.Equal(
            "Ana: hub reconnecting | outbox 240 pending, seq 1200, acked 960 (61.0s ago) | OUTBOX FULL: 3 readings refused"
            + " | HR connected 87%, footpod lost | cues 2 heard, 1 spoken, 1 expired, 0 dropped, last \"drive the ground away\"",
            line);
    }

    [Fact]
    public void Format_RunnersRateLimitedByTheHub_ShownAsPacedNotLost()
    {
        RunnerStatusLine Runner(string name, long rateLimited) =>
            new() { Name = name, Hub = UplinkState.Connected, OutboxPending = 40, LastSeq = 400, AckedSeq = 360, LastAckAgoMs = 200, RateLimited = rateLimited };
        var one = new RelayStatus { Runners = [Runner("Ana", 7)] };
        var several = new RelayStatus { Runners = [Runner("Ana", 7), Runner("Ben", 5), Runner("Cleo", 0)] };
        var calm = new RelayStatus { Runners = [Runner("Ana", 0)] };

        Assert.Contains(" | hub rate-limited 7 publishes (paced, nothing lost) | ", StatusBoard.Format(one), StringComparison.Ordinal);
        Assert.Contains(" | hub rate-limited 12 publishes (paced, nothing lost) | ", StatusBoard.Format(several), StringComparison.Ordinal);
        Assert.DoesNotContain("rate-limited", StatusBoard.Format(calm), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ReadingsRefusedByTheHub_ShowsHowManyAndTheHubsWords()
    {
        RunnerStatusLine Runner(string name, long refused) => new()
        {
            Name = name, Hub = UplinkState.Connected, OutboxPending = 0, LastSeq = 400, AckedSeq = 400, LastAckAgoMs = 200,
            RefusedByHub = refused, RefusedByHubReason = refused > 0 ? "samples[4].heartRateBpm (seq 15) is 300 bpm" : null,
        };
        var one = new RelayStatus { Runners = [Runner("Ana", 2)] };
        var several = new RelayStatus { Runners = [Runner("Ana", 0), Runner("Ben", 2), Runner("Cleo", 1)] };
        var calm = new RelayStatus { Runners = [Runner("Ana", 0)] };

        Assert.Contains(" | 2 readings refused by the hub: samples[4].heartRateBpm (seq 15) is 300 bpm | ", StatusBoard.Format(one), StringComparison.Ordinal);
        Assert.Contains(" | 3 readings refused by the hub: samples[4].heartRateBpm (seq 15) is 300 bpm | ", StatusBoard.Format(several), StringComparison.Ordinal);
        Assert.DoesNotContain("refused by the hub", StatusBoard.Format(calm), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SensorSentImplausibleValues_ShowsHowManyWentOutNull()
    {
        RunnerStatusLine Runner(string name, long nulled) => new()
        {
            Name = name, Hub = UplinkState.Connected, LastAckAgoMs = 200,
            Sensors = [new SensorLine(SensorKind.HeartRate, SensorState.Connected, "HRM", 87, nulled), new SensorLine(SensorKind.Footpod, SensorState.Connected, null, null)],
        };
        var one = new RelayStatus { Runners = [Runner("Ana", 12)] };
        var several = new RelayStatus { Runners = [Runner("Ana", 12), Runner("Ben", 3)] };
        var calm = new RelayStatus { Runners = [Runner("Ana", 0), Runner("Ben", 0)] };

        Assert.Contains(" | HR connected 87% (12 implausible, sent null), footpod connected | ", StatusBoard.Format(one), StringComparison.Ordinal);
        Assert.Contains(" | sensors 4/4 connected, 15 implausible readings sent null | ", StatusBoard.Format(several), StringComparison.Ordinal);
        Assert.DoesNotContain("implausible", StatusBoard.Format(calm), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_OneRunnerHubUnreachable_SaysWhySinceWhenAndWhenItRetries()
    {
        var since = new DateTimeOffset(2026, 12, 6, 21, 14, 3, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var status = new RelayStatus
        {
            Runners =
            [
                new RunnerStatusLine
                {
                    Name = "Ana", Hub = UplinkState.Connecting, OutboxPending = 577, LastSeq = 577, AckedSeq = 0,
                    UnreachableSince = since, UnreachableReason = "connection refused", RetryInMs = 7_200,
                },
            ],
        };

        var line = StatusBoard.Format(status);

        Assert.StartsWith(
            "Ana: hub unreachable since 21:14:03 (connection refused) | retrying in 8 s | 577 readings kept, seq 577, acked 0 (no ack yet) | ",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnreachableInAnotherZone_ShowsThatZonesClock()
    {
        var since = new DateTimeOffset(2026, 12, 6, 21, 14, 3, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        var status = new RelayStatus
        {
            Runners = [new RunnerStatusLine { Name = "Ana", Hub = UplinkState.Reconnecting, UnreachableSince = since, UnreachableReason = "timed out", RetryInMs = 0 }],
        };

        var line = StatusBoard.Format(status, zone);

        Assert.StartsWith("Ana: hub unreachable since 23:14:03 (timed out) | retrying now | ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SeveralRunnersNoneConnected_SummarisesTheEarliestOutage()
    {
        var since = new DateTimeOffset(2026, 12, 6, 21, 14, 3, TimeSpan.Zero).ToUnixTimeMilliseconds();
        RunnerStatusLine Runner(string name, long at) => new()
        {
            Name = name, Hub = UplinkState.Reconnecting, OutboxPending = 100, AckedSeq = 50,
            UnreachableSince = at, UnreachableReason = "connection reset", RetryInMs = 2_000,
        };
        var status = new RelayStatus { Runners = [Runner("Ana", since + 5_000), Runner("Ben", since)] };

        var line = StatusBoard.Format(status);

        Assert.StartsWith(
            "2 runners: hub unreachable since 21:14:03 (connection reset) | retrying in 2 s | 200 readings kept, acked 100 | ",
            line,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Format_JoinRefused_SaysTheHubsReason()
    {
        var status = new RelayStatus
        {
            Runners = [new RunnerStatusLine { Name = "Ana", Hub = UplinkState.Rejected, LastError = "The hub refused the join (403): wrong secret" }],
        };

        var line = StatusBoard.Format(status);

        Assert.StartsWith("Ana: hub refused the join: The hub refused the join (403): wrong secret | outbox ", line, StringComparison.Ordinal);
    }
}
