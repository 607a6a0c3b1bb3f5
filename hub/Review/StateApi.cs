using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Review;

/// <summary>
/// <c>GET /api/sessions/{id}/state?at=unixMs</c>: each runner's latest recorded sample at or before <c>at</c>, so the
/// review page shows the group at a scrubbed instant as the live view showed it. A share link reads it too; a link
/// scoped to one runner must ask for that runner (<c>runnerId</c>).
/// </summary>
internal static class StateApi
{
    public static RouteGroupBuilder MapState(this RouteGroupBuilder session)
    {
        session.MapGet("/state", GetAsync);
        return session;
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, ReviewMetrics metrics, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var (query, reason, error) = StateQuery.Parse(http.Request.Query);
        if (query is null)
        {
            metrics.StateRejected(reason!);
            return Problems.BadRequest(error!);
        }

        registry.LoadRunners(session!);
        var runners = new List<LiveRunner>();
        foreach (var runnerId in query.RunnerIds)
        {
            if (registry.FindRunner(session!, runnerId) is not { } runner)
            {
                metrics.StateRejected("runner");
                return Problems.BadRequest($"runnerId '{runnerId}' is not a runner of session '{id}'; see its runners with GET /api/sessions/{id}");
            }

            runners.Add(runner);
        }

        if (query.RunnerIds.Length == 0)
        {
            runners.AddRange(session!.Runners.Values);
        }

        // One read connection for the range and every runner's seek: a scrub asks this several times a second.
        await using var reader = new StateReader(await store.OpenReadAsync(ct));
        var range = await reader.TimeRangeAsync(id, ct);
        var states = new RunnerStateAt[runners.Count];
        var ordered = runners.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.RunnerId, StringComparer.Ordinal).ToArray();
        var latest = await reader.LatestAtOrBeforeAsync(id, [.. ordered.Select(r => r.RunnerId)], query.At, ct);
        for (var i = 0; i < ordered.Length; i++)
        {
            states[i] = new RunnerStateAt { RunnerId = ordered[i].RunnerId, Name = ordered[i].Name, Sample = latest[i] };
        }

        return TypedResults.Ok(new SessionStateAt { At = query.At, From = range?.From, To = range?.To, Runners = states });
    }
}
