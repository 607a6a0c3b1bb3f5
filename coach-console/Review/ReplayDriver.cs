using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>
/// Pumps the hub's replay stream into the dashboard's event channel, and implements pause and seek by cancelling the
/// stream and starting a new one at the wanted offset (the hub's <c>Replay</c> takes <c>fromMs</c> since the recording's start).
/// </summary>
internal sealed class ReplayDriver(
    Func<double, long, CancellationToken, IAsyncEnumerable<LiveEvent>> stream, SessionSnapshot session, ReplayProgress progress)
    : IAsyncDisposable
{
    /// <summary>
    /// Full mode Wait: the replay is paced by the hub, and a dashboard that falls behind should slow the stream down,
    /// not lose samples out of the middle of a recording.
    /// </summary>
    private readonly Channel<LiveEvent> _events = Channel.CreateBounded<LiveEvent>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private CancellationTokenSource? _current;
    private Task _pump = Task.CompletedTask;

    public ChannelReader<LiveEvent> Events => _events.Reader;

    public async Task StartAsync(long fromMs, CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        fromMs = Math.Clamp(fromMs, 0, Math.Max(0, progress.EndMs - progress.StartMs));
        await _events.Writer.WriteAsync(new ReplayRestarted(session, fromMs), cancellationToken).ConfigureAwait(false);
        await _events.Writer.WriteAsync(new ConnectionChanged(HubConnectionStatus.Replaying, null), cancellationToken).ConfigureAwait(false);
        progress.Paused = false;
        _current = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _current.Token;
        var speed = progress.Speed;
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var evt in stream(speed, fromMs, token).ConfigureAwait(false))
                {
                    await _events.Writer.WriteAsync(evt, token).ConfigureAwait(false);
                }

                await _events.Writer.WriteAsync(new ConnectionChanged(HubConnectionStatus.ReplayEnded, null), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Paused, seeking or quitting.
            }
            catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or HttpRequestException)
            {
                _events.Writer.TryWrite(new ConnectionChanged(HubConnectionStatus.Disconnected, ex.Message));
            }
        }, CancellationToken.None);
    }

    /// <summary>Handles the dashboard's replay keys.</summary>
    public async Task ControlAsync(ReplayControlAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var offset = progress.PositionMs - progress.StartMs;
        if (action.TogglePause)
        {
            if (progress.Paused)
            {
                await StartAsync(offset, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await StopAsync().ConfigureAwait(false);
                progress.Paused = true;
            }

            return;
        }

        if (action.SpeedFactor is not 1)
        {
            progress.Speed = Math.Clamp(progress.Speed * action.SpeedFactor, 0.25, 256);
        }

        if (!progress.Paused)
        {
            await StartAsync(offset + (long)action.Seek.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            progress.PositionMs = Math.Clamp(progress.PositionMs + (long)action.Seek.TotalMilliseconds, progress.StartMs, progress.EndMs);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    private async Task StopAsync()
    {
        if (_current is { } current)
        {
            await current.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
            current.Dispose();
            _current = null;
        }
    }
}
