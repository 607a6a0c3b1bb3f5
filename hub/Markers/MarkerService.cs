using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Markers;

/// <summary>
/// The coaches' markers (<c>POST /api/sessions/{id}/markers</c> and the hub's <c>AddMarker</c>): validated, recorded,
/// shown in the session's snapshot, fanned out to its coaches on every node as <c>MarkerAdded</c>, and applied to the
/// runners' live reps and laps.
/// </summary>
internal sealed partial class MarkerService(
    SessionRecorder recorder, SessionRegistry registry, AlertCoordinator alerts, HubMetrics metrics, IOptions<HubOptions> options,
    TimeProvider time, ILogger<MarkerService> logger)
{
    private readonly HubOptions _options = options.Value;

    /// <summary>
    /// Records the marker and returns it as recorded (with its id and time). <paramref name="cancellationToken"/> stops it
    /// only before the marker is queued for the recording; after that it is recorded, applied and fanned out in full.
    /// </summary>
    /// <exception cref="MarkerRejectedException">The request names an unknown kind or runner, a text too long, or an unlikely time.</exception>
    public async Task<SessionMarker> AddAsync(LiveSession session, MarkerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var marker = Validate(session, request, now);
        cancellationToken.ThrowIfCancellationRequested();
        // Not the caller's token from here: once queued the marker is committed, so a coach whose tablet dropped meanwhile
        // must still find it in the session, the live track and every console, or a retry records it twice.
        var id = await recorder.InsertMarkerAsync(marker, CancellationToken.None);
        marker = marker with { MarkerId = id };
        // Known to the session before the track: a runner's track starting meanwhile finds it there (SessionLiveTrack).
        session.Markers.Add(marker);
        Apply(session, marker);
        metrics.MarkerAdded(marker.Kind);
        LogAdded(logger, session.SessionId, marker.MarkerId, marker.Kind, marker.RunnerId);
        session.FanOut.Broadcast(c => c.MarkerAdded(marker));
        return marker;
    }

    /// <summary>
    /// Applies a recorded marker to this node's live state: the runners' live reps and laps and the alert engine (whose
    /// <c>repFade</c> judges the marked reps). For markers recorded here and for those another node recorded (the
    /// session bus); one that came after a later mark was applied is counted and logged the same way for both.
    /// </summary>
    public void Apply(LiveSession session, SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(marker);
        if (session.Track.Mark(marker) is var late and > 0)
        {
            metrics.MarkerLate(late);
            LogTooLateForTrack(logger, session.SessionId, marker.MarkerId, marker.At, late);
        }

        alerts.Mark(session, marker);
    }

    /// <summary>Counts and logs a rejection (also those found before <see cref="AddAsync"/>, such as a malformed body) and returns it.</summary>
    public MarkerRejectedException Rejected(string sessionId, MarkerRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        metrics.MarkerRejected(rejection.Reason);
        LogRejected(logger, sessionId, rejection.Reason, rejection.Field);
        return rejection;
    }

    private SessionMarker Validate(LiveSession session, MarkerRequest request, long now)
    {
        if (!Enum.IsDefined(request.Kind))
        {
            throw Rejected(session.SessionId, new("unknownKind", "kind", $"kind is {(int)request.Kind}; send \"lap\", \"repStart\", \"repEnd\" or \"note\""));
        }

        if (request.RunnerId is { } runnerId && registry.FindRunner(session, runnerId) is null)
        {
            throw Rejected(session.SessionId, new(
                "unknownRunner", "runnerId",
                $"runnerId '{Shorten(runnerId)}' is not a runner of session {session.SessionId}; use a runnerId from Watch, or null for the whole group"));
        }

        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text;
        if (text is { Length: > MarkerRequest.MaxTextLength })
        {
            throw Rejected(session.SessionId, new(
                "textTooLong", "text", $"text is {text.Length} characters; send at most {MarkerRequest.MaxTextLength}"));
        }

        if (request.Kind == MarkerKind.Note && text is null)
        {
            throw Rejected(session.SessionId, new("textRequired", "text", "a note needs its text (1..200 characters)"));
        }

        var at = request.At ?? now;
        var earliest = now - (long)_options.MaxSampleAge.TotalMilliseconds;
        var latest = now + (long)_options.MaxSampleFuture.TotalMilliseconds;
        if (at < earliest || at > latest)
        {
            throw Rejected(session.SessionId, new(
                "at", "at",
                $"at is {at}, {(at - now) / 1000.0:0.#} s from the hub's clock ({now}); send UTC unix milliseconds from {_options.MaxSampleAge.TotalHours:0.#} h ago to {_options.MaxSampleFuture.TotalMinutes:0.#} min ahead, or null for now"));
        }

        return new SessionMarker { SessionId = session.SessionId, Kind = request.Kind, RunnerId = request.RunnerId, At = at, Text = text };
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";

    [LoggerMessage(1101, LogLevel.Information, "Marker {MarkerId} ({Kind}) added to session {SessionId} for runner {RunnerId}", EventName = "MarkerAdded")]
    private static partial void LogAdded(ILogger logger, string sessionId, long markerId, MarkerKind kind, string? runnerId);

    [LoggerMessage(1103, LogLevel.Warning, "Marker {MarkerId} of session {SessionId} at {At} came after a later mark was applied: the live reps and laps of {Runners} runner(s) ignore it (GET /reps and /laps include it)", EventName = "MarkerTooLateForLiveTrack")]
    private static partial void LogTooLateForTrack(ILogger logger, string sessionId, long markerId, long at, int runners);

    [LoggerMessage(1102, LogLevel.Information, "Marker for session {SessionId} rejected ({Reason}): {Field}", EventName = "MarkerRejected")]
    private static partial void LogRejected(ILogger logger, string sessionId, string reason, string field);
}
