using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Export;

internal static class ExportApi
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/sessions/{id}/export.csv", ExportCsvAsync);
        endpoints.MapGet("/api/sessions/{id}/laps.csv", ExportLapsCsvAsync);
        endpoints.MapGet("/api/sessions/{id}/runners/{runnerId}/export.tcx", ExportTcxAsync);
        endpoints.MapGet("/api/sessions/{id}/runners/{runnerId}/export.fit", ExportFitAsync);
        return endpoints;
    }

    private static async Task<IResult> ExportCsvAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var scope = Access.ScopedRunner(http, keys);
        var names = Track.TrackApi.RunnerNames(registry, session!, scope);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"session-{id}.csv\"";
        await CsvExport.WriteAsync(store, id, names, scope, http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> ExportLapsCsvAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        // The laps export walks the runners it is given: a scoped share gives only its own.
        var names = Track.TrackApi.RunnerNames(registry, session!, Access.ScopedRunner(http, keys));
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"session-{id}-laps.csv\"";
        await LapsCsvExport.WriteAsync(store, id, names, http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> ExportTcxAsync(string id, string runnerId, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (!session!.Runners.ContainsKey(runnerId))
        {
            return Problems.NotFound($"runnerId '{runnerId}' is not a runner of session '{id}'; see GET /api/sessions/{id}");
        }

        // Nothing is written before the recording was read, so a 404 can still be answered.
        http.Response.ContentType = "application/vnd.garmin.tcx+xml";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-{runnerId}.tcx\"";
        return await TcxExport.WriteAsync(store, id, runnerId, http.Response.Body, http.RequestAborted)
            ? Results.Empty
            : Problems.NotFound($"Runner '{runnerId}' has no recorded samples; a TCX needs at least one");
    }

    private static async Task<IResult> ExportFitAsync(string id, string runnerId, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (!session!.Runners.ContainsKey(runnerId))
        {
            return Problems.NotFound($"runnerId '{runnerId}' is not a runner of session '{id}'; see GET /api/sessions/{id}");
        }

        return await FitExport.WriteAsync(store, id, runnerId, http.RequestAborted) is { } fit
            ? Results.File(fit, FitExport.ContentType, $"{id}-{runnerId}.fit")
            : Problems.NotFound($"Runner '{runnerId}' has no recorded samples; a FIT file needs at least one");
    }
}
