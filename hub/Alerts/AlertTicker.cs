using Microsoft.Extensions.Options;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Alerts;

/// <summary>Periodically ticks every running session's alert engine (time-based kinds) and marks quiet runners stale.</summary>
internal sealed class AlertTicker(
    SessionRegistry registry, AlertCoordinator alerts, RunnerStatusTracker status, IOptions<HubOptions> options,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A read-only hub serves a finished recording: nothing to tick, and an alert raised now could not be recorded.
        if (options.Value.ReadOnly)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.TickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                TickOnce();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One tick over all running sessions.</summary>
    public void TickOnce()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var session in registry.Sessions)
        {
            if (session.Ended)
            {
                continue;
            }

            alerts.Tick(session, now);
            status.Tick(session, now);
        }
    }
}
