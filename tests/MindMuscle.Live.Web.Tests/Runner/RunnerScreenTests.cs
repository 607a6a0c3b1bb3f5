using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Web.Runner;

namespace MindMuscle.Live.Web.Tests.Runner;

public sealed class RunnerScreenTests : BunitContext
{
    private readonly FakeCompanion _companion = new();

    public RunnerScreenTests() => Services.AddSingleton<IRunnerCompanion>(_companion);

    [Fact]
    public void Render_RunningState_ShowsNumbersConnectionSensorsAndOutbox()
    {
        _companion.Set(new RunnerScreenState
        {
            Connection = RunnerConnection.Connected,
            RunnerId = "r-1",
            HeartRateBpm = 162,
            CadenceSpm = 181.6,
            SpeedMps = 4.0,
            OutboxDepth = 12,
            Sensors = [new SensorView(1, "HRM-Pro", "connected", 87, null), new SensorView(2, "Stryd", "reconnecting", null, "link lost")],
            WakeLockHeld = true,
        });

        var screen = Render<RunnerScreen>();

        Assert.Equal("connected", screen.Find("[data-connection]").GetAttribute("data-connection"));
        Assert.Equal("162", screen.Find("[data-metric=hr]").TextContent);
        Assert.Equal("182", screen.Find("[data-metric=cadence]").TextContent);
        Assert.Equal("4:10", screen.Find("[data-metric=pace]").TextContent);
        Assert.Equal("12", screen.Find("[data-outbox-depth]").GetAttribute("data-outbox-depth"));
        Assert.Equal(["connected", "reconnecting"], screen.FindAll("[data-sensor-state]").Select(e => e.GetAttribute("data-sensor-state")));
        Assert.Contains("battery 87 %", screen.Find("[data-sensor=HRM-Pro]").TextContent, StringComparison.Ordinal);
        Assert.Equal("held", screen.Find("[data-wake-lock]").GetAttribute("data-wake-lock"));
        Assert.Contains("screen on", screen.Find("[data-keep-open]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_StateMoves_TheScreenFollows()
    {
        var screen = Render<RunnerScreen>();
        Assert.Equal("not-joined", screen.Find("[data-connection]").GetAttribute("data-connection"));

        screen.InvokeAsync(() => _companion.Set(new RunnerScreenState
        {
            Connection = RunnerConnection.Reconnecting,
            ConnectionDetail = "connection lost",
            Malformed = 2,
            LastMalformed = "HRM-Pro: truncated",
            LastCueText = "Relax your shoulders",
            LastCueStatus = "spoken",
            OutboxFull = true,
        }));

        Assert.Equal("reconnecting", screen.Find("[data-connection]").GetAttribute("data-connection"));
        Assert.Contains("connection lost", screen.Find("[data-connection-detail]").TextContent, StringComparison.Ordinal);
        Assert.Equal("2", screen.Find("[data-malformed]").GetAttribute("data-malformed"));
        Assert.Equal("spoken", screen.Find("[data-last-cue]").GetAttribute("data-cue-status"));
        Assert.Contains("Relax your shoulders", screen.Find("[data-last-cue]").TextContent, StringComparison.Ordinal);
        Assert.Contains("full", screen.Find("[data-outbox-depth]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectSensors_Tapped_AsksTheCompanionForTheChooser()
    {
        var screen = Render<RunnerScreen>();

        screen.Find("[data-action=connect-sensors]").Click();

        Assert.Equal(1, _companion.SensorRequests);
    }

    [Fact]
    public void Render_NoBluetooth_SaysWhichBrowserToUse()
    {
        _companion.Set(new RunnerScreenState { BluetoothAvailable = false, SensorError = "This browser cannot reach Bluetooth sensors: open this page in Chrome on Android" });

        var screen = Render<RunnerScreen>();

        Assert.Contains("Chrome on Android", screen.Find("[data-sensor-error]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "–")]
    [InlineData(0.2, "–")]
    [InlineData(4.0, "4:10")]
    [InlineData(3.333, "5:00")]
    public void Pace_FromSpeed_MinutesAndSecondsPerKm(double? speed, string expected) =>
        Assert.Equal(expected, RunnerScreen.Pace(speed));
}
