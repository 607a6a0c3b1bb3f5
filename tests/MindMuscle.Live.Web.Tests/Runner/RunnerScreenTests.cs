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
    public void Render_ReadingsRefusedByTheHub_ShowsHowManyAndTheHubsReason()
    {
        _companion.Set(new RunnerScreenState
        {
            Connection = RunnerConnection.Connected,
            RefusedByHub = 2,
            RefusedByHubReason = "samples[4].heartRateBpm (seq 15) is 300 bpm; expected 20..255 bpm or null when unknown",
        });

        var screen = Render<RunnerScreen>();

        var refused = screen.Find("[data-refused-by-hub]");
        Assert.Equal("2", refused.GetAttribute("data-refused-by-hub"));
        Assert.Contains("2 readings not sent again (last: samples[4].heartRateBpm (seq 15) is 300 bpm;", refused.TextContent, StringComparison.Ordinal);
        Assert.Contains("the others are sent", refused.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NothingRefusedByTheHub_NoSuchLine()
    {
        _companion.Set(new RunnerScreenState { Connection = RunnerConnection.Connected });

        var screen = Render<RunnerScreen>();

        Assert.Empty(screen.FindAll("[data-refused-by-hub]"));
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
    public void Render_HubRefusesPublishes_SaysReadingsAreNotGoingThroughAndWhatToDo()
    {
        _companion.Set(new RunnerScreenState
        {
            Connection = RunnerConnection.NotSending,
            ConnectionDetail = "The hub refuses your readings: Batch rejected. They are kept on this phone and offered again in 4 s; if this goes on, reload the page or tell your coach.",
        });

        var screen = Render<RunnerScreen>();

        var badge = screen.Find("[data-connection]");
        Assert.Equal("not-sending", badge.GetAttribute("data-connection"));
        Assert.DoesNotContain("Connected", badge.TextContent, StringComparison.Ordinal);
        Assert.Contains("tell your coach", screen.Find("[data-connection-detail]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_WakeLockReleasedAndALoopFaulted_ScreenSaysBoth()
    {
        _companion.Set(new RunnerScreenState { WakeLockHeld = true });
        var screen = Render<RunnerScreen>();
        Assert.Equal("held", screen.Find("[data-wake-lock]").GetAttribute("data-wake-lock"));
        Assert.Empty(screen.FindAll("[data-page-fault]"));

        screen.InvokeAsync(() => _companion.Set(_companion.State with
        {
            WakeLockHeld = false,
            WakeLockDetail = "the page was hidden",
            PageFault = "Part of this page stopped (cue queue: boom) and restarts in 1 s.",
        }));

        Assert.Equal("not-held", screen.Find("[data-wake-lock]").GetAttribute("data-wake-lock"));
        Assert.Contains("the page was hidden", screen.Find("[data-wake-lock]").TextContent, StringComparison.Ordinal);
        Assert.Contains("cue queue: boom", screen.Find("[data-page-fault]").TextContent, StringComparison.Ordinal);
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
