using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.Recording;
using EngineState = MindMuscle.Live.Hub.Alerts.SessionAlerts.EngineState;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.Track;

namespace MindMuscle.Live.Hub.Alerts;

/// <summary>
/// Drives each session's <see cref="IAlertEngine"/> and auto-cue policy, records the alerts, tells the coaches, and
/// sends the cues the policy decides on.
/// </summary>
/// <remarks>
/// The engine is not thread-safe, and publishes of different runners and the ticker reach it concurrently: every call
/// into a session's engine, and the handling of the events it returns, happens inside the session's gate (<see cref="Enter"/>). Handling inside the gate keeps each session's raise/clear order and the
/// policy's decisions in engine order (a clear can never overtake its raise); it only enqueues (recorder, coach
/// senders, cue sends), so the gate is never held across I/O.
/// </remarks>
internal sealed partial class AlertCoordinator(
    SessionRecorder recorder, CueService cues, HubMetrics metrics, ILogger<AlertCoordinator> logger)
{
    /// <summary>
    /// A runner that left (last connection closed) and sent nothing for this long is forgotten by the engine (its open
    /// alerts close) and the policy. Shorter absences keep the baseline: a relay that reconnects after a network blip
    /// or a restart continues its run, and the engine's <c>sensorLost</c> tells the coach meanwhile.
    /// </summary>
    public static readonly TimeSpan ForgetLeftRunnerAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gives the engine a runner's accepted samples. A publisher that finds the gate taken leaves its batch queued for the
    /// holder instead of waiting, since a waiting publisher would stall ingest behind whichever thread holds the
    /// engine. A runner's batches stay in order (its publishes are serialised upstream). Never throws: a failing
    /// engine loses alerts, never the publish.
    /// </summary>
    public void Feed(LiveSession session, string runnerId, MetricSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Alerts.Pending.Enqueue(new SessionAlerts.PendingFeed(runnerId, samples));
        FeedPending(session);
    }

    /// <summary>
    /// Gives the engine the reps the runner's live track found (the engine runs no detector of its own), queued behind
    /// the samples that completed them: the runner's publishes are serialised upstream and feed the samples first.
    /// </summary>
    public void Reps(LiveSession session, string runnerId, FoundRep[] reps, bool judge)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(reps);
        session.Alerts.Pending.Enqueue(new SessionAlerts.PendingFeed(runnerId, [], reps, judge));
        FeedPending(session);
    }

    /// <summary>Takes the session's engine gate; disposing the scope leaves it and feeds what publishers queued meanwhile.</summary>
    private Held Enter(LiveSession session, out EngineState state)
    {
        session.Alerts.Enter(out state);
        return new Held(this, session);
    }

    /// <summary>
    /// Feeds every queued batch if the gate is free. Checked again after leaving the gate: a batch queued while the
    /// holder was leaving is never stranded.
    /// </summary>
    private void FeedPending(LiveSession session)
    {
        var alerts = session.Alerts;
        while (!alerts.Pending.IsEmpty)
        {
            EngineState? state;
            try
            {
                if (!alerts.TryEnter(out state))
                {
                    return;
                }
            }
#pragma warning disable CA1031 // The engine could not be created: its batches can never be fed, and the publish goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Left queued they would pile up with every publish; dropped, they are counted.
                var dropped = 0;
                while (alerts.Pending.TryDequeue(out _))
                {
                    dropped++;
                }

                LogEngineCreateFailed(logger, session.SessionId, dropped, ex);
                metrics.AlertBatchesLost(dropped, "engineCreate");
                return;
            }

            try
            {
                FeedQueued(session, state);
            }
            finally
            {
                alerts.Exit();
            }
        }
    }

    /// <summary>Inside the gate: feeds the queued batches in arrival order and handles what they raise or clear.</summary>
    private void FeedQueued(LiveSession session, EngineState state)
    {
        CatchUpMarkers(session, state);
        var events = state.FeedEvents;
        while (session.Alerts.Pending.TryDequeue(out var pending))
        {
            events.Clear();
            try
            {
                if (state.Forgotten.Remove(pending.RunnerId))
                {
                    // Back after the engine forgot it: its live track kept counting, and reps 1-2 stay the measure.
                    foreach (var rep in session.Track.FirstReps(pending.RunnerId))
                    {
                        state.Engine.OnRep(pending.RunnerId, rep, rep.EndedAt, judge: false, events);
                    }
                }

                if (pending.Reps is { } reps)
                {
                    foreach (var (rep, at) in reps)
                    {
                        state.Engine.OnRep(pending.RunnerId, rep, at, pending.Judge, events);
                    }
                }
                else
                {
                    state.Engine.Feed(pending.RunnerId, pending.Samples, events);
                }
            }
#pragma warning disable CA1031 // A faulty engine loses alerts, never samples: the publish goes on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogEngineFailed(logger, session.SessionId, ex);
            }

            if (events.Count > 0)
            {
                try
                {
                    // Handle enqueues copies of each alert; the list itself is reused by the next feed.
                    Handle(session, state, events);
                }
#pragma warning disable CA1031 // The holder may be another runner's publish: one batch's failure must not fail it.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogHandleFailed(logger, session.SessionId, pending.RunnerId, ex);
                    metrics.AlertBatchesLost(1, "handle");
                }

                events.Clear();
            }
        }
    }

    /// <summary>
    /// Advances the engine to hub time (time-based kinds such as <c>sensorLost</c>), offers each live runner a check-in
    /// cue, and forgets runners that left long ago.
    /// </summary>
    public void Tick(LiveSession session, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<AlertEvent>();
        var forgetBefore = nowUnixMs - (long)ForgetLeftRunnerAfter.TotalMilliseconds;
        using (Enter(session, out var state))
        {
            if (!state.AdoptedRecording)
            {
                // Alerts a previous hub process left open: this engine starts fresh and would never clear them.
                state.AdoptedRecording = true;
                CloseLeftovers(session, state, _ => true, nowUnixMs);
            }

            // Samples published before the tick reach the engine before it judges who went quiet.
            FeedQueued(session, state);
            Run(session, () => state.Engine.Tick(nowUnixMs, events));
            var forgotten = new List<string>();
            // The dictionary's enumerator takes no locks; its Values property takes all of them and copies.
            foreach (var (_, runner) in session.Runners)
            {
                var (runnerState, lastSampleAt) = runner.Presence.Activity();
                if (runnerState == RunnerState.Live)
                {
                    cues.SendDecided(session, runner.RunnerId, session.Cues.Policy.CheckIn(runner.RunnerId, nowUnixMs));
                }
                else if (runnerState == RunnerState.Left && lastSampleAt < forgetBefore && state.Forgotten.Add(runner.RunnerId))
                {
                    Run(session, () => state.Engine.RemoveRunner(runner.RunnerId, nowUnixMs, events));
                    session.Cues.Policy.RemoveRunner(runner.RunnerId);
                    forgotten.Add(runner.RunnerId);
                }
            }

            Handle(session, state, events);
            foreach (var runnerId in forgotten)
            {
                CloseLeftovers(session, state, a => a.RunnerId == runnerId, nowUnixMs);
            }
        }
    }

    /// <summary>A marker recorded here or on another node: the engine's rep rules judge the reps the coach marks.</summary>
    public void Mark(LiveSession session, SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(session);
        using (Enter(session, out var state))
        {
            // The engine dedupes marker ids: a marker added to the session just before the catch-up counts once.
            CatchUpMarkers(session, state);
            FeedQueued(session, state);
            Run(session, () => state.Engine.OnMarker(marker));
        }
    }

    /// <summary>An engine created after markers were recorded (first sample, a restarted hub) gets them first. Inside the gate.</summary>
    private void CatchUpMarkers(LiveSession session, EngineState state)
    {
        if (state.MarkersApplied)
        {
            return;
        }

        state.MarkersApplied = true;
        foreach (var marker in session.Markers.All())
        {
            Run(session, () => state.Engine.OnMarker(marker));
        }
    }

    /// <summary>The session ended: every runner leaves it, so the engine closes their open alerts and the policy forgets them.</summary>
    public void SessionEnded(LiveSession session, long atUnixMs)
    {
        ArgumentNullException.ThrowIfNull(session);
        var events = new List<AlertEvent>();
        using (Enter(session, out var state))
        {
            FeedQueued(session, state);
            foreach (var runnerId in session.Runners.Keys)
            {
                Run(session, () => state.Engine.RemoveRunner(runnerId, atUnixMs, events));
                session.Cues.Policy.RemoveRunner(runnerId);
                state.Forgotten.Add(runnerId);
            }

            Handle(session, state, events);
            CloseLeftovers(session, state, _ => true, atUnixMs);
        }
    }

    private void Run(LiveSession session, Action call)
    {
        try
        {
            call();
        }
#pragma warning disable CA1031 // A faulty engine loses alerts, never samples: the publish goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogEngineFailed(logger, session.SessionId, ex);
        }
    }

    /// <summary>
    /// Clears open alerts the engine does not know (loaded from the recording), or that outlived their runner's or the
    /// session's end, so no alert stays open for ever. Inside the engine's gate.
    /// </summary>
    private void CloseLeftovers(LiveSession session, EngineState state, Func<FormAlert, bool> match, long atUnixMs)
    {
        var leftovers = session.Alerts.Open.Values
            .Where(a => match(a) && (!state.EngineOpen.Contains(a.AlertId) || session.Ended || state.Forgotten.Contains(a.RunnerId)))
            .Select(a => new AlertEvent(AlertEventKind.Cleared, a with { ClearedAt = Math.Max(atUnixMs, a.StartedAt) }))
            .ToList();
        if (leftovers.Count > 0)
        {
            LogLeftoversClosed(logger, session.SessionId, leftovers.Count);
            Handle(session, state, leftovers);
        }
    }

    private void Handle(LiveSession session, EngineState state, List<AlertEvent> events)
    {
        foreach (var (kind, raw) in events)
        {
            var alert = raw;
            if (kind == AlertEventKind.Raised)
            {
                // The policy's suggestion (or the cue it sends) goes on the alert before anyone sees or records it.
                (alert, var decision) = cues.OnAlertRaised(session, alert);
                session.Alerts.Open[alert.AlertId] = alert;
                state.EngineOpen.Add(alert.AlertId);
                Record(session, alert);
                metrics.AlertRaised(alert.Kind.ToString());
                session.FanOut.Broadcast(c => c.Alert(alert));
                cues.SendDecided(session, alert.RunnerId, decision);
            }
            else
            {
                // The engine's cleared copy carries the engine's suggestion; keep the one the coach was shown.
                state.EngineOpen.Remove(alert.AlertId);
                if (session.Alerts.Open.TryRemove(alert.AlertId, out var open))
                {
                    alert = alert with { SuggestedCue = open.SuggestedCue, SuggestedCueId = open.SuggestedCueId };
                }

                Record(session, alert);
                session.FanOut.Broadcast(c => c.AlertCleared(alert));
            }
        }
    }

    private void Record(LiveSession session, FormAlert alert) => recorder.RecordAlert(session.SessionId, alert);

    [LoggerMessage(301, LogLevel.Error, "Alert engine of session {SessionId} failed", EventName = "AlertEngineFailed")]
    private static partial void LogEngineFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(303, LogLevel.Error, "Alert engine of session {SessionId} could not be created: {Dropped} queued sample batches lose their alerts", EventName = "AlertEngineCreateFailed")]
    private static partial void LogEngineCreateFailed(ILogger logger, string sessionId, int dropped, Exception exception);

    [LoggerMessage(304, LogLevel.Error, "Handling the alerts of runner {RunnerId} in session {SessionId} failed; the next batches are still fed", EventName = "AlertHandleFailed")]
    private static partial void LogHandleFailed(ILogger logger, string sessionId, string runnerId, Exception exception);

    [LoggerMessage(302, LogLevel.Information, "Closed {Count} open alerts of session {SessionId} that its engine no longer tracks", EventName = "AlertLeftoversClosed")]
    private static partial void LogLeftoversClosed(ILogger logger, string sessionId, int count);

    /// <summary>The engine gate held by <see cref="Enter"/>: leaving it re-checks the queue, so no batch queued meanwhile waits for the next tick.</summary>
    private readonly ref struct Held(AlertCoordinator owner, LiveSession session)
    {
        public void Dispose()
        {
            session.Alerts.Exit();
            owner.FeedPending(session);
        }
    }
}
