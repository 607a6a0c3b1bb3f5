using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Markers;

/// <summary><c>POST</c> and <c>GET /api/sessions/{id}/markers</c> (coach access).</summary>
internal static class MarkersApi
{
    public static IEndpointRouteBuilder MapMarkersApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/sessions/{id}/markers", AddAsync);
        endpoints.MapGet("/api/sessions/{id}/markers", ListAsync);
        return endpoints;
    }

    private static async Task<IResult> AddAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, MarkerService markers, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        // An unknown kind string fails deserialization: answered (and counted) as the kind's problem, not as bad JSON.
        var (request, error) = await JsonBody.ReadAsync<MarkerRequest>(http, ct, ex => Rejected(markers.Rejected(id, ex.Path == "$.kind"
            ? new MarkerRejectedException("unknownKind", "kind", "kind must be \"lap\", \"repStart\", \"repEnd\" or \"note\"")
            : new MarkerRejectedException("malformed", ex.Path ?? "$", $"The JSON body is malformed at {ex.Path ?? "$"}: check that field's type and value"))));
        if (error is not null)
        {
            return error;
        }

        try
        {
            var marker = await markers.AddAsync(session!, request!, ct);
            return TypedResults.Created($"/api/sessions/{Uri.EscapeDataString(id)}/markers/{marker.MarkerId}", marker);
        }
        catch (MarkerRejectedException ex)
        {
            return Rejected(ex);
        }
    }

    private static async Task<IResult> ListAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        if (Access.CoachOf(http, keys, registry.Find(id), id) is { } denied)
        {
            return denied;
        }

        // A scoped share sees its runner's markers and the group's.
        var scope = Access.ScopedRunner(http, keys);
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok((await reader.ReadMarkersAsync(id, ct)).Where(m => Access.Shows(scope, m.RunnerId)).ToList());
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Rejected(MarkerRejectedException ex) => TypedResults.Problem(
        detail: ex.Message,
        statusCode: StatusCodes.Status400BadRequest,
        title: "Marker rejected",
        extensions: new Dictionary<string, object?> { ["reason"] = ex.Reason, ["field"] = ex.Field });
}
