using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
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

    private static async Task<IResult> GetRepsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var scope = Access.ScopedRunner(http, keys);
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.RepsAsync(reader, id, RunnerNames(registry, session!, scope), scope, ct));
    }

    private static async Task<IResult> GetLapsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var scope = Access.ScopedRunner(http, keys);
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.LapsAsync(reader, id, RunnerNames(registry, session!, scope), scope, ct));
    }

    /// <summary>The session's runners by id; only the scoped runner for a scoped share.</summary>
    internal static Dictionary<string, string> RunnerNames(SessionRegistry registry, LiveSession session, string? scope) =>
        registry.LoadRunners(session).Runners.Values
            .Where(r => Access.Shows(scope, r.RunnerId))
            .ToDictionary(r => r.RunnerId, r => r.Name, StringComparer.Ordinal);
}
