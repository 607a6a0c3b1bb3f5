using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Alerts;

/// <summary>
/// Drives each session's <see cref="IAlertEngine"/> (one caller at a time), records its alerts, tells the coaches, and
/// in auto-cue mode sends the suggested cue.
/// </summary>
public sealed partial class AlertCoordinator(
    RecordingStore store, CueService cues, HubMetrics metrics, ILogger<AlertCoordinator> logger)
{
    public void Feed(LiveSession session, string runnerId, MetricSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<AlertEvent>();
        try
        {
            lock (session.EngineGate)
            {
                session.Engine.Feed(runnerId, samples, events);
            }
        }
#pragma warning disable CA1031 // A faulty engine loses alerts, never samples: the publish goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEngineFailed(logger, session.SessionId, ex);
        }

        Handle(session, events);
    }

    public void Tick(LiveSession session, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<AlertEvent>();
        try
        {
            lock (session.EngineGate)
            {
                session.Engine.Tick(nowUnixMs, events);
            }
        }
#pragma warning disable CA1031 // See Feed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEngineFailed(logger, session.SessionId, ex);
        }

        Handle(session, events);
    }

    /// <summary>The session ended: every runner leaves it, so the engine closes their open alerts.</summary>
    public void SessionEnded(LiveSession session, long atUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<AlertEvent>();
        try
        {
            lock (session.EngineGate)
            {
                foreach (var runnerId in session.Runners.Keys)
                {
                    session.Engine.RemoveRunner(runnerId, atUnixMs, events);
                }
            }
        }
#pragma warning disable CA1031 // See Feed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEngineFailed(logger, session.SessionId, ex);
        }

        Handle(session, events);
    }

    private void Handle(LiveSession session, List<AlertEvent> events)
    {
        foreach (var (kind, alert) in events)
        {
            store.WriteInBackground((c, tx) => RecordingSql.UpsertAlert(c, tx, session.SessionId, alert));
            if (kind == AlertEventKind.Raised)
            {
                session.OpenAlerts[alert.AlertId] = alert;
                metrics.AlertRaised(alert.Kind.ToString());
                session.Broadcast(c => c.Alert(alert));
                cues.TrySendAuto(session, alert);
            }
            else
            {
                session.OpenAlerts.TryRemove(alert.AlertId, out _);
                session.Broadcast(c => c.AlertCleared(alert));
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Alert engine of session {SessionId} failed", EventName = "AlertEngineFailed")]
    private static partial void LogEngineFailed(ILogger logger, string sessionId, Exception exception);
}
