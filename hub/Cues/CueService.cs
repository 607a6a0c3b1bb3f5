using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>
/// Sends cues to runners (recorded, with a time-to-live), tracks their status for the coaches, and carries out the
/// session's auto-cue policy (core's <see cref="AutoCuePolicy"/>), which it keeps informed of every coach cue and status.
/// </summary>
internal sealed partial class CueService(
    ICueDelivery delivery, SessionRecorder recorder, SessionRegistry registry, HubMetrics metrics,
    IOptions<HubOptions> options, TimeProvider time, ILogger<CueService> logger)
{
    public const int MaxTextLength = 280;
    private readonly HubOptions _options = options.Value;

    /// <exception cref="CueRequestException">The request names no text, an unknown cue or runner, or a bad TTL.</exception>
    public async Task<string[]> SendAsync(LiveSession session, CueRequest request, CueSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var text = ResolveText(session, request);
        var ttl = request.TtlSeconds ?? _options.DefaultCueTtlSeconds;
        if (ttl is < 1 or > 3600)
        {
            throw new CueRequestException($"ttlSeconds is {ttl}; send 1..3600 or null for the default {_options.DefaultCueTtlSeconds} s");
        }

        LiveRunner[] targets;
        if (request.RunnerId is { } runnerId)
        {
            targets = registry.FindRunner(session, runnerId) is { } one
                ? [one]
                : throw new CueRequestException($"runnerId '{runnerId}' is not a runner of session {session.SessionId}; use a runnerId from Watch, or null for the whole group");
        }
        else
        {
            targets = [.. session.Runners.Values.Where(r => r.Presence.State != RunnerState.Left)];
        }

        var issuedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var cues = targets.Select(r => (Runner: r, Cue: new CueMessage
        {
            CueId = "c-" + JoinSecrets.NewId(8),
            Text = text,
            Priority = request.Priority ?? CuePriority.Normal,
            IssuedAt = issuedAt,
            ExpiresAt = issuedAt + (ttl * 1000L),
            Source = source,
        })).ToArray();
        var updates = cues.Select(c => new CueUpdate
        {
            CueId = c.Cue.CueId,
            RunnerId = c.Runner.RunnerId,
            Text = text,
            Source = source,
            Status = CueStatus.Sent,
            IssuedAt = issuedAt,
            ExpiresAt = c.Cue.ExpiresAt,
            At = issuedAt,
        }).ToArray();

        // Queued for the recorder before it is sent: the one writer commits in queue order, so the cue's row always
        // precedes its delivered/spoken statuses. Delivery does not wait for the commit (under load a commit waits for
        // the batch before it, and a cue is only useful while the runner is at that spot), nor for room in a recorder
        // queue full of sample batches: the cue's place in the queue is taken (waiting writers are served in order)
        // before it is sent, so any status the runner reports still queues behind it. Once the cue goes out its row
        // must be written whatever happens to the caller (a coach whose link drops), so the write is not cancelled
        // with the call; only the wait for the commit is. The coach's call returns after the commit.
        cancellationToken.ThrowIfCancellationRequested();
        var enqueued = recorder.EnqueueCuesAsync(session.SessionId, updates, CancellationToken.None).AsTask();
        if (enqueued.IsCompleted)
        {
            // Refused at once (a read-only recording, a cancelled call): nothing is sent.
            await enqueued;
        }

        if (source == CueSource.Coach)
        {
            // Per runner with its own cue id, so each runner's spoken/expired status ends its own hold on auto cues.
            var policy = session.Cues.Policy;
            foreach (var (runner, cue) in cues)
            {
                policy.NoteCoachCue(runner.RunnerId, cue.CueId, text, cue.IssuedAt, cue.ExpiresAt);
            }
        }

        // Known (and shown as sent) before the runner can report on it.
        foreach (var update in updates)
        {
            session.Cues.Remember(update);
            session.FanOut.Broadcast(c => c.CueUpdate(update));
        }

        session.Cues.ForgetExpired(issuedAt);
        foreach (var (runner, cue) in cues)
        {
            // Before the send: a runner connection opening meanwhile either is in the group already or finds it here.
            session.Cues.HandedOut(runner.RunnerId, cue);
            _ = DeliverAsync(session.SessionId, runner.RunnerId, cue);
            metrics.CueSent(source.ToString());
        }

        var committed = await enqueued;
        await committed.WaitAsync(cancellationToken);
        return [.. cues.Select(c => c.Cue.CueId)];
    }

    /// <summary>
    /// Asks the session's policy about a raised alert: <c>suggest</c> and <c>auto</c> put the policy's cue (rotated per
    /// runner) on the alert the coaches see; the decision says whether the hub sends it itself (<see cref="SendDecided"/>).
    /// </summary>
    public (FormAlert Alert, AutoCueDecision Decision) OnAlertRaised(LiveSession session, FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(alert);
        var decision = session.Cues.Policy.OnAlert(alert, time.GetUtcNow().ToUnixTimeMilliseconds());
        return decision.Action == AutoCueAction.None || decision.Text is null
            ? (alert, decision)
            : (alert with { SuggestedCue = decision.Text, SuggestedCueId = decision.CueId }, decision);
    }

    /// <summary>
    /// Sends the cue of a <c>Send</c> decision to the runner (source auto or checkIn) without waiting: called on the
    /// publish and tick paths, which must not wait for the recorder or a runner's connection.
    /// </summary>
    public void SendDecided(LiveSession session, string runnerId, AutoCueDecision decision)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (decision.Action != AutoCueAction.Send || decision.Text is null || session.Ended || !session.Runners.ContainsKey(runnerId))
        {
            return;
        }

        _ = SendAutoAsync(session, runnerId, decision);
    }

    private async Task SendAutoAsync(LiveSession session, string runnerId, AutoCueDecision decision)
    {
        try
        {
            await SendAsync(session, new CueRequest { RunnerId = runnerId, Text = decision.Text }, decision.Source, CancellationToken.None);
        }
#pragma warning disable CA1031 // An auto cue that fails is logged; it must not fault the publish or tick that decided it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAutoCueFailed(logger, session.SessionId, runnerId, ex);
        }
    }

    /// <exception cref="CueRequestException">The cue is unknown or belongs to another runner.</exception>
    public void ReportStatus(LiveSession session, string runnerId, CueStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(report);
        if (!session.Cues.TryGet(report.CueId ?? "", out var cue) || cue.RunnerId != runnerId)
        {
            throw new CueRequestException($"cueId '{report.CueId}' is not a cue sent to you; report the cueId of a received Cue");
        }

        if (report.Status == CueStatus.Sent || !Enum.IsDefined(report.Status))
        {
            throw new CueRequestException($"status '{report.Status}' cannot be reported; send delivered, spoken, expired or dropped");
        }

        session.Cues.Reported(cue.CueId);
        var detail = report.Detail is { Length: > MaxTextLength } d ? d[..MaxTextLength] : report.Detail;
        var update = cue with { Status = report.Status, At = time.GetUtcNow().ToUnixTimeMilliseconds(), Detail = detail };
        session.Cues.Policy.NoteCueStatus(runnerId, cue.CueId, report.Status, update.At);
        session.Cues.Remember(update);
        recorder.RecordCueStatus(session.SessionId, update);
        session.FanOut.Broadcast(c => c.CueUpdate(update));
    }

    /// <summary>
    /// Hands a runner connection that has just opened (and joined the runner's group) the unexpired cues its relay has
    /// not reported on: a cue sent while the relay was reconnecting still reaches the runner within its time-to-live.
    /// </summary>
    /// <returns>How many cues were handed again.</returns>
    public async Task<int> RedeliverAsync(LiveSession session, string runnerId, IRunnerClient connection)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(connection);
        var pending = session.Cues.Unreported(runnerId, time.GetUtcNow().ToUnixTimeMilliseconds());
        foreach (var cue in pending)
        {
            try
            {
                await connection.Cue(cue).WaitAsync(_options.CoachSendTimeout, time);
                metrics.CueSent("redelivered");
                LogRedelivered(logger, cue.CueId, runnerId);
            }
#pragma warning disable CA1031 // Best effort like the first delivery: the connection may already be gone again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDeliveryFailed(logger, cue.CueId, runnerId, ex);
            }
        }

        return pending.Length;
    }

    private static string ResolveText(LiveSession session, CueRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var text = request.Text.Trim();
            return text.Length <= MaxTextLength
                ? text
                : throw new CueRequestException($"text has {text.Length} characters; a spoken cue has at most {MaxTextLength}");
        }

        if (!string.IsNullOrWhiteSpace(request.CueId))
        {
            if (session.Alerts.Open.TryGetValue(request.CueId, out var alert) && alert.SuggestedCue is { } suggested)
            {
                return suggested;
            }

            return session.Cues.Catalog.TryResolve(request.CueId, out var text)
                ? text
                : throw new CueRequestException($"cueId '{request.CueId}' is neither a catalog cue nor an open alert with a suggested cue; send text instead");
        }

        throw new CueRequestException("send text (what the runner hears) or cueId (a catalog cue or an alert's suggestion)");
    }

    private async Task DeliverAsync(string sessionId, string runnerId, CueMessage cue)
    {
        try
        {
            // Bounded: a runner connection that does not drain must not hold up the coach who sent the cue. The token
            // tells the delivery when its caller stops waiting.
            var started = time.GetTimestamp();
            using var timeout = new CancellationTokenSource(_options.CoachSendTimeout, time);
            await delivery.DeliverAsync(sessionId, runnerId, cue, timeout.Token).WaitAsync(_options.CoachSendTimeout, time);
            metrics.CueDelivered(time.GetElapsedTime(started).TotalMilliseconds);
        }
#pragma warning disable CA1031 // Delivery is best effort: the relay reports what happened, the TTL bounds the rest.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeliveryFailed(logger, cue.CueId, runnerId, ex);
        }
    }
}
