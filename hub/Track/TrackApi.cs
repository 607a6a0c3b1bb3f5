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

        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.RepsAsync(reader, id, RunnerNames(registry, session!), ct));
    }

    private static async Task<IResult> GetLapsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok(await RecordedTrack.LapsAsync(reader, id, RunnerNames(registry, session!), ct));
    }

    private static Dictionary<string, string> RunnerNames(SessionRegistry registry, LiveSession session) =>
        registry.LoadRunners(session).Runners.Values.ToDictionary(r => r.RunnerId, r => r.Name, StringComparer.Ordinal);
}
