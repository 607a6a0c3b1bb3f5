using System.Collections.Concurrent;
using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// The full-screen loop: applies whatever events arrived, handles keys, and redraws at most <see cref="FramesPerSecond"/>
/// times a second and only when something changed, so a burst of samples never turns into a burst of redraws.
/// </summary>
internal sealed class LiveDashboard(
    IAnsiConsole console, LiveViewModel model, DashboardController controller, DashboardRenderer renderer,
    IKeySource keys, TimeProvider time)
{
    public const int FramesPerSecond = 8;

    /// <summary>Events applied per frame at most, so a flood of frames cannot starve the keyboard and the redraw.</summary>
    private const int MaxEventsPerFrame = 5000;

    private readonly ConcurrentQueue<(string Message, bool IsError)> _messages = new();

    public Func<(int Width, int Height)> Size { get; init; } = () => (console.Profile.Width, console.Profile.Height);

    /// <summary>Where the coach's lap and rep marks go (null in a replay: marks are refused).</summary>
    public IMarkerSender? Markers { get; init; }

    public async Task RunAsync(ChannelReader<LiveEvent> events, ICueSender? cues, Func<ReplayControlAction, Task>? replayControl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (width, height) = Size();
        await console.Live(renderer.Render(model, controller.Ui, width, height))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Crop)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                var period = TimeSpan.FromSeconds(1.0 / FramesPerSecond);
                var rendered = -1L;
                var renderedSecond = -1L;
                while (!cancellationToken.IsCancellationRequested)
                {
                    for (var i = 0; i < MaxEventsPerFrame && events.TryRead(out var evt); i++)
                    {
                        model.Apply(evt);
                    }

                    while (_messages.TryDequeue(out var message))
                    {
                        controller.Ui.Message = message.Message;
                        controller.Ui.MessageIsError = message.IsError;
                        model.Touch();
                    }

                    while (keys.TryRead(out var key))
                    {
                        controller.Ui.Message = null;
                        switch (controller.Handle(key))
                        {
                            case QuitAction:
                                return;
                            case SendCueAction send when cues is not null:
                                _ = SendAsync(cues, send, cancellationToken);
                                break;
                            case SendCueAction:
                                controller.Ui.Message = "Cues cannot be sent from a replay.";
                                controller.Ui.MessageIsError = true;
                                break;
                            case AddMarkerAction mark when Markers is not null:
                                _ = MarkAsync(Markers, mark, cancellationToken);
                                break;
                            case AddMarkerAction:
                                controller.Ui.Message = "Marks cannot be added from a replay.";
                                controller.Ui.MessageIsError = true;
                                break;
                            case ReplayControlAction control when replayControl is not null:
                                await replayControl(control).ConfigureAwait(false);
                                break;
                        }
                    }

                    controller.EnsureSelection();
                    var second = time.GetUtcNow().ToUnixTimeSeconds();
                    if (model.Version != rendered || second != renderedSecond)
                    {
                        (width, height) = Size();
                        context.UpdateTarget(renderer.Render(model, controller.Ui, width, height));
                        rendered = model.Version;
                        renderedSecond = second;
                    }

                    try
                    {
                        await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }).ConfigureAwait(false);
    }

    private async Task SendAsync(ICueSender cues, SendCueAction send, CancellationToken cancellationToken)
    {
        _messages.Enqueue(($"Sending {send.Description}…", false));
        try
        {
            var ids = await cues.SendCueAsync(send.Request, cancellationToken).ConfigureAwait(false);
            _messages.Enqueue(($"Sent {send.Description} ({ids.Count} cue{(ids.Count == 1 ? "" : "s")}).", false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The hub refused (e.g. unknown runner) or the link is down: tell the coach, keep the dashboard running.
            _messages.Enqueue(($"Cue not sent: {ex.Message}", true));
        }
    }

    private async Task MarkAsync(IMarkerSender markers, AddMarkerAction mark, CancellationToken cancellationToken)
    {
        try
        {
            var recorded = await markers.AddMarkerAsync(mark.Request, cancellationToken).ConfigureAwait(false);
            _messages.Enqueue(($"Marked {mark.Description} at {Format.Clock(recorded.At, time.LocalTimeZone)}.", false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _messages.Enqueue(($"Mark not added: {ex.Message}", true));
        }
    }
}
