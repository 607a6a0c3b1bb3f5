using Microsoft.AspNetCore.Authentication.JwtBearer;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Ingest;

public static class IngestApi
{
    /// <summary><c>POST /api/ingest</c>: the hub's <c>Publish</c> over plain HTTP, for watches that cannot hold a WebSocket.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/ingest", IngestAsync);
        return endpoints;
    }

    private static async Task<IResult> IngestAsync(HttpContext http, SessionRegistry registry, IngestService ingest, CancellationToken ct)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Problems.Unauthorized($"Send the runner token as 'Authorization: {JwtBearerDefaults.AuthenticationScheme} <runnerToken>' (POST /api/join)");
        }

        if (http.User.Role() != LiveHubContract.Roles.Runner || http.User.SessionId() is not { } sid || http.User.RunnerId() is not { } rid)
        {
            return Problems.Forbidden("Ingest needs a runner token (POST /api/join), not a coach token");
        }

        if (registry.Find(sid) is not { } session || !session.Runners.TryGetValue(rid, out var runner))
        {
            return Problems.Forbidden("The token's runner is not part of a session on this hub; join again");
        }

        var (batch, error) = await SessionsApi.ReadBodyAsync<SampleBatch>(http, ct);
        if (error is not null)
        {
            return error;
        }

        try
        {
            return TypedResults.Ok(await ingest.PublishAsync(session, runner, batch, ct));
        }
        catch (BatchRejectedException ex)
        {
            return TypedResults.Problem(
                detail: $"{ex.Rejection.Message}. Nothing of the batch was recorded.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Batch rejected",
                extensions: new Dictionary<string, object?> { ["field"] = ex.Rejection.Field, ["seq"] = ex.Rejection.Seq, ["reason"] = ex.Rejection.Reason });
        }
    }
}
