using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Review;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Track;

/// <summary>A session's reps and laps per runner, computed on request from the recorded samples (docs/track.md).</summary>
internal static class TrackApi
{
    public static IEndpointRouteBuilder MapTrackApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/sessions/{id}/reps", GetRepsAsync);
        endpoints.MapGet("/api/sessions/{id}/laps", GetLapsAsync);
        return endpoints;
    }

    private static async Task<IResult> GetRepsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, ReviewMetrics metrics, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (OnlyRunner(http, keys, registry, session!) is not { } only)
        {
            return Refusal(http, keys, registry, session!, metrics);
        }

        var scope = only.RunnerId;
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.RepsAsync(reader, id, RunnerNames(registry, session!, scope), scope, ct));
    }

    private static async Task<IResult> GetLapsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, ReviewMetrics metrics, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (OnlyRunner(http, keys, registry, session!) is not { } only)
        {
            return Refusal(http, keys, registry, session!, metrics);
        }

        var scope = only.RunnerId;
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.LapsAsync(reader, id, RunnerNames(registry, session!, scope), scope, ct));
    }

    /// <summary>
    /// Whose reps or laps: <c>?runnerId=</c> when given (a runner's page asks for its runner only: the whole group's
    /// detection reads every sample of the session), else a scoped share's runner, else the whole group (RunnerId null).
    /// Null when the query names no runner of the session or one a scoped share may not see (<see cref="Refusal"/>).
    /// </summary>
    private static Only? OnlyRunner(HttpContext http, HubKeys keys, SessionRegistry registry, LiveSession session)
    {
        var scope = Access.ScopedRunner(http, keys);
        var asked = http.Request.Query["runnerId"];
        if (asked.Count == 0 || string.IsNullOrEmpty(asked.ToString()))
        {
            return new Only(scope);
        }

        var runnerId = asked.ToString();
        registry.LoadRunners(session);
        return asked.Count == 1 && registry.FindRunner(session, runnerId) is not null && Access.Shows(scope, runnerId) ? new Only(runnerId) : null;
    }

    private static IResult Refusal(HttpContext http, HubKeys keys, SessionRegistry registry, LiveSession session, ReviewMetrics metrics)
    {
        var asked = http.Request.Query["runnerId"];
        if (asked.Count > 1)
        {
            metrics.TrackRejected("format");
            return Problems.BadRequest("runnerId is given more than once; ask for one runner, or leave it out for the whole group");
        }

        var runnerId = asked.ToString();
        if (registry.FindRunner(session, runnerId) is null)
        {
            metrics.TrackRejected("runner");
            return Problems.BadRequest($"runnerId '{runnerId}' is not a runner of session '{session.SessionId}'; see its runners with GET /api/sessions/{session.SessionId}");
        }

        metrics.ShareRefused("runner");
        return Problems.Forbidden($"This share link shows runner '{Access.ScopedRunner(http, keys)}' only; ask the coach for a link to the group");
    }

    private sealed record Only(string? RunnerId);

    /// <summary>The session's runners by id; only the scoped runner for a scoped share.</summary>
    internal static Dictionary<string, string> RunnerNames(SessionRegistry registry, LiveSession session, string? scope) =>
        registry.LoadRunners(session).Runners.Values
            .Where(r => Access.Shows(scope, r.RunnerId))
            .ToDictionary(r => r.RunnerId, r => r.Name, StringComparer.Ordinal);
}
