using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Review;

internal static class ReviewApi
{
    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/sessions/{id}");
        api.MapGet("/series", GetSeriesAsync);
        api.MapShares();
        api.MapState();
        return endpoints;
    }

    /// <summary>
    /// One runner's reduced series (an object), or several runners' (an array, in the order asked). Every runner's
    /// buckets start at the same instants: the range defaults to the whole session's, not each runner's.
    /// </summary>
    private static async Task<IResult> GetSeriesAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, ReviewMetrics metrics, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var (query, reason, error) = SeriesQuery.Parse(http.Request.Query);
        if (query is null)
        {
            metrics.SeriesRejected(reason!);
            return Problems.BadRequest(error!);
        }

        if (query.RunnerIds.FirstOrDefault(r => registry.FindRunner(session!, r) is null) is { } unknown)
        {
            metrics.SeriesRejected("runner");
            return Problems.BadRequest($"runnerId '{unknown}' is not a runner of session '{id}'; see its runners with GET /api/sessions/{id}");
        }

        await using var reader = new SeriesReader(await store.OpenReadAsync(ct));
        var range = await reader.TimeRangeAsync(id, runnerId: null, ct);
        var from = query.From ?? range?.From ?? 0;
        var to = query.To ?? range?.To ?? 0;
        // A quarter of the session or more: reading the runner's rows in key order beats a lookup per row.
        var wide = range is { } all && (decimal)to - from >= ((decimal)all.To - all.From) / 4;
        var series = new RunnerSeries[query.RunnerIds.Length];
        for (var i = 0; i < series.Length; i++)
        {
            var points = range is null || from > to ? [] : await reader.ReadAsync(id, query.RunnerIds[i], query.Metric, from, to, query.Points, ct, wide);
            series[i] = new RunnerSeries { RunnerId = query.RunnerIds[i], Metric = query.Metric, Points = points };
        }

        return series.Length == 1 ? TypedResults.Ok(series[0]) : TypedResults.Ok(series);
    }
}
