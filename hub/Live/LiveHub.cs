using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.Replay;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Live;

/// <summary>
/// <c>/hubs/live</c>: runners publish and report cue status, coaches watch, cue and replay. Every method checks the
/// caller's role and that the session it names is the one of its token.
/// </summary>
/// <remarks>
/// Authentication is required by the endpoint (<see cref="LiveHubExtensions.MapLiveHub"/>), once per connection, not
/// by an <c>[Authorize]</c> on this class: SignalR evaluates a hub's authorization policy again on every invocation,
/// several times a second per runner, and the principal cannot change within a connection anyway.
/// </remarks>
internal sealed partial class LiveHub(
    SessionRegistry registry, IngestService ingest, CueService cues, RunnerStatusTracker status, ReplayService replay,
    CoachSenders senders, IHubContext<LiveHub, ILiveClient> hubContext, HubMetrics metrics, TimeProvider time,
    ILogger<LiveHub> logger) : Hub<ILiveClient>
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User;
        var role = user.Role();
        if (role == LiveHubContract.Roles.Runner)
        {
            if (!TryRunner(out var session, out var runner))
            {
                // A token for a runner the recording does not know (another hub's data folder): refuse the connection.
                LogRefused(logger, Context.ConnectionId);
                Context.Abort();
                return;
            }

            // Who the runner is cannot change within a connection: resolved once here, not from the claims and the
            // registry again on each of its 4 publishes a second.
            Context.Features.Set(new RunnerBinding(session, runner));
            await Groups.AddToGroupAsync(Context.ConnectionId, HubCueDelivery.RunnerGroup(session.SessionId, runner.RunnerId), Context.ConnectionAborted);
            status.Connected(session, runner);
            await cues.RedeliverAsync(session, runner.RunnerId, Clients.Caller);
        }
        else if (role == LiveHubContract.Roles.Coach)
        {
            // Before any invocation: parallel Watch calls of one connection all find the same set.
            Context.Features.Set(new WatchedSessions());
        }

        metrics.Connected(role ?? "unknown");
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var role = Context.User.Role();
        metrics.Disconnected(role ?? "unknown");
        if (Context.Features.Get<RunnerBinding>() is { } binding)
        {
            status.Disconnected(binding.Session, binding.Runner);
        }

        foreach (var sessionId in Context.Features.Get<WatchedSessions>()?.All() ?? [])
        {
            StopWatching(sessionId);
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Runner: publishes samples; returns the highest contiguous seq durably recorded. A runner over its publish rate
    /// gets a <see cref="HubException"/> "Rate limited: … retry after N ms; nothing of this batch was recorded."
    /// </summary>
    /// <param name="batch">The samples, in seq order.</param>
    /// <param name="rateLimiter">From DI, not from the caller: the per-runner budget shared with <c>POST /api/ingest</c>.</param>
    public async Task<PublishAck> Publish(SampleBatch batch, [FromServices] PublishRateLimiter rateLimiter)
    {
        var (session, runner) = RequireRunner();
        if (!rateLimiter.TryAcquire(session, runner, out var retryAfter))
        {
            throw new HubException(rateLimiter.RefusalMessage(retryAfter));
        }

        try
        {
            return await ingest.PublishAsync(session, runner, batch, Context.ConnectionAborted);
        }
        catch (BatchRejectedException ex)
        {
            throw new HubException(string.Format(System.Globalization.CultureInfo.InvariantCulture, System.Text.CompositeFormat.Parse(LiveHubContract.BatchRejectedFormat), ex.Rejection.Reason, ex.Rejection.Message));
        }
    }

    /// <summary>Runner: what happened to a cue on the relay.</summary>
    public Task CueStatus(CueStatusReport report)
    {
        var (session, runner) = RequireRunner();
        try
        {
            cues.ReportStatus(session, runner.RunnerId, report);
        }
        catch (CueRequestException ex)
        {
            throw new HubException(ex.Message);
        }

        return Task.CompletedTask;
    }

    /// <summary>Coach: starts the live feed of a session and returns where it stands now. Call again after every reconnect.</summary>
    public SessionSnapshot Watch(string sessionId) => StartWatching(sessionId, packed: false);

    /// <summary>Coach: <see cref="Watch"/>, with the samples as <c>SamplesPacked</c> bytes (docs/protocol.md) instead of <c>Samples</c>.</summary>
    public SessionSnapshot WatchPacked(string sessionId) => StartWatching(sessionId, packed: true);

    private SessionSnapshot StartWatching(string sessionId, bool packed)
    {
        var session = registry.LoadRunners(RequireCoach(sessionId));
        var connectionId = Context.ConnectionId;
        var context = Context;
        var sender = senders.Create(connectionId, session.SessionId, () => hubContext.Clients.Client(connectionId), context.Abort, packed);
        session.FanOut.Watch(sender);
        Context.Features.Get<WatchedSessions>()?.Add(session.SessionId);

        return session.Snapshot(time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>Coach: stops the live feed of a session.</summary>
    public void Unwatch(string sessionId)
    {
        RequireCoach(sessionId);
        StopWatching(sessionId);
    }

    /// <summary>Coach: sends a cue to one runner or (runnerId null) the whole group; returns the cue ids.</summary>
    public async Task<string[]> SendCue(CueRequest request)
    {
        var session = RequireCoach(Context.User.SessionId() ?? "");
        if (request is null)
        {
            throw new HubException("SendCue needs a request: {\"runnerId\": null|\"...\", \"text\": \"...\"} or {\"cueId\": \"...\"}");
        }

        try
        {
            return await cues.SendAsync(session, request, CueSource.Coach, Context.ConnectionAborted);
        }
        catch (CueRequestException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    /// <summary>Coach: marks a lap, a rep's start or end, or a note, for one runner or the whole group; returns it as recorded.</summary>
    /// <param name="request">The marker.</param>
    /// <param name="markers">From DI, not from the caller.</param>
    public async Task<SessionMarker> AddMarker(MarkerRequest request, [FromServices] MarkerService markers)
    {
        var session = RequireCoach(Context.User.SessionId() ?? "");
        if (request is null)
        {
            throw new HubException("AddMarker needs a request: {\"kind\": \"lap\"|\"repStart\"|\"repEnd\"|\"note\", \"runnerId\": null|\"...\", \"at\": null|unixMs, \"text\": null|\"...\"}");
        }

        try
        {
            return await markers.AddAsync(session, request, Context.ConnectionAborted);
        }
        catch (MarkerRejectedException ex)
        {
            throw new HubException($"Marker rejected ({ex.Reason}): {ex.Message}");
        }
    }

    /// <summary>Coach: switches the session's auto-cue mode (off, suggest, auto); returns the session's new summary.</summary>
    /// <param name="mode">The new mode.</param>
    /// <param name="autoCue">From DI, not from the caller.</param>
    public async Task<SessionSummary> SetAutoCue(AutoCueMode mode, [FromServices] AutoCueSwitch autoCue)
    {
        var session = RequireCoach(Context.User.SessionId() ?? "");
        try
        {
            return await autoCue.SetAsync(session, mode, Context.ConnectionAborted);
        }
        catch (AutoCueRejectedException ex)
        {
            throw new HubException($"Auto-cue mode rejected ({ex.Reason}): {ex.Message}");
        }
    }

    /// <summary>Coach: streams the recording with its original spacing divided by <paramref name="speed"/> (0 = as fast as possible).</summary>
    public async IAsyncEnumerable<ReplayEvent> Replay(
        string sessionId, double speed, long fromMs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RequireCoach(sessionId);
        if (!double.IsFinite(speed) || speed < 0 || speed > ReplayService.MaxSpeed)
        {
            throw new HubException($"speed is {speed}; send 0 (as fast as possible) or a factor up to {ReplayService.MaxSpeed} (1 = real time)");
        }

        await foreach (var item in replay.ReplayAsync(sessionId, speed, fromMs, cancellationToken))
        {
            yield return item;
        }
    }

    private void StopWatching(string sessionId)
    {
        registry.Find(sessionId)?.FanOut.Unwatch(Context.ConnectionId);
    }

    private (LiveSession Session, LiveRunner Runner) RequireRunner()
    {
        if (Context.Features.Get<RunnerBinding>() is { } binding)
        {
            return (binding.Session, binding.Runner);
        }

        if (Context.User.Role() != LiveHubContract.Roles.Runner)
        {
            throw new HubException("Forbidden: this method needs a runner token (POST /api/join)");
        }

        return TryRunner(out var session, out var runner)
            ? (session, runner)
            : throw new HubException("Forbidden: the token's runner is not part of a session on this hub; join again");
    }

    private bool TryRunner(out LiveSession session, out LiveRunner runner)
    {
        session = null!;
        runner = null!;
        return Context.User.SessionId() is { } sid && Context.User.RunnerId() is { } rid
            && registry.Find(sid) is { } s && registry.FindRunner(s, rid) is { } r
            && (session = s) is not null && (runner = r) is not null;
    }

    private LiveSession RequireCoach(string sessionId)
    {
        if (Context.User.Role() != LiveHubContract.Roles.Coach)
        {
            throw new HubException("Forbidden: this method needs a coach token (POST /api/sessions)");
        }

        if (!Context.User.IsCoachOf(sessionId ?? ""))
        {
            throw new HubException($"Forbidden: your coach token is for another session than '{sessionId}'");
        }

        return registry.Find(sessionId!) ?? throw new HubException($"Session '{sessionId}' not found");
    }

    /// <summary>The runner a runner connection publishes for, set once when it connects (sessions are never unloaded).</summary>
    private sealed record RunnerBinding(LiveSession Session, LiveRunner Runner);

    [LoggerMessage(501, LogLevel.Warning, "Connection {ConnectionId} refused: its runner is unknown", EventName = "ConnectionRefused")]
    private static partial void LogRefused(ILogger logger, string connectionId);
}
