using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.TestKit.Waiting;
using NSubstitute;
using Spectre.Console.Testing;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class LiveDashboardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_EventsThenCueKeyThenQuit_AppliesEventsSendsCueAndDraws()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = GroupScenario.Clock();
        var source = GroupScenario.Build(time, runners: 3, seconds: 2);
        var events = Channel.CreateUnbounded<LiveEvent>();
        foreach (var i in Enumerable.Range(1, 3))
        {
            events.Writer.TryWrite(new AlertRaised(GroupScenario.Alert(i, 1000) with { AlertId = $"x{i}", RunnerId = GroupScenario.RunnerId(i) }));
        }

        var sent = new TaskCompletionSource<CueRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cues = Substitute.For<ICueSender>();
        cues.SendCueAsync(Arg.Any<CueRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            sent.TrySetResult(call.Arg<CueRequest>());
            return Task.FromResult<IReadOnlyList<string>>(["c1"]);
        });
        var keys = new QueueKeySource();
        var console = new TestConsole().Width(120);
        console.Profile.Height = 40;
        var ui = new DashboardUi();
        var sut = new LiveDashboard(console, source, new DashboardController(source, ui, SharedCueCatalog.Default, time),
            new DashboardRenderer(new HeartRateZones(), time), keys, TimeProvider.System) { Size = () => (120, 40) };

        keys.Enqueue('a');
        var run = sut.RunAsync(events.Reader, cues, null, ct);
        var request = await sent.Task.WaitAsync(Timeout, ct);
        keys.Enqueue('q');
        await run.WaitAsync(Timeout, ct);

        Assert.Equal(3, source.AlertFeed.Count(f => f.Alert.AlertId.StartsWith('x')));
        Assert.NotNull(request.RunnerId);
        Assert.False(string.IsNullOrEmpty(request.Text));
        Assert.Contains("Alerts, reps and marks, newest first", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LapKey_MarkerAddedAndConfirmed()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = GroupScenario.Clock();
        var source = GroupScenario.Build(time, runners: 3, seconds: 2);
        var marked = new TaskCompletionSource<MarkerRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        var markers = Substitute.For<IMarkerSender>();
        markers.AddMarkerAsync(Arg.Any<MarkerRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            marked.TrySetResult(call.Arg<MarkerRequest>());
            return Task.FromResult(new SessionMarker { MarkerId = 1, Kind = MarkerKind.Lap, At = GroupScenario.Start.ToUnixTimeMilliseconds() });
        });
        var keys = new QueueKeySource();
        var console = new TestConsole().Width(120);
        console.Profile.Height = 40;
        var ui = new DashboardUi();
        var sut = new LiveDashboard(console, source, new DashboardController(source, ui, SharedCueCatalog.Default, time),
            new DashboardRenderer(new HeartRateZones(), time), keys, TimeProvider.System) { Size = () => (120, 40), Markers = markers };

        keys.Enqueue('2');
        keys.Enqueue('l');
        var run = sut.RunAsync(Channel.CreateUnbounded<LiveEvent>().Reader, Substitute.For<ICueSender>(), null, ct);
        var request = await marked.Task.WaitAsync(Timeout, ct);
        string? message = null;
        await Polling.WaitUntilAsync(() => (message = ui.Message)?.StartsWith("Marked lap", StringComparison.Ordinal) == true, Timeout, ct);
        keys.Enqueue('q');
        await run.WaitAsync(Timeout, ct);

        Assert.Equal(new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = GroupScenario.RunnerId(2) }, request);
        Assert.Contains(GroupScenario.Name(2), message, StringComparison.Ordinal);
    }

    private sealed class QueueKeySource : IKeySource
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<ConsoleKeyInfo> _keys = new();

        public void Enqueue(char c) => _keys.Enqueue(new ConsoleKeyInfo(c, ConsoleKey.NoName, false, false, false));

        public bool TryRead(out ConsoleKeyInfo key) => _keys.TryDequeue(out key);
    }
}
