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
}
