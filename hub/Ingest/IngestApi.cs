using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Ingest;

internal static class IngestApi
{
    /// <summary><c>POST /api/ingest</c>: the hub's <c>Publish</c> over plain HTTP, for watches that cannot hold a WebSocket.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/ingest", IngestAsync);
        return endpoints;
    }

    private static async Task<IResult> IngestAsync(
        HttpContext http, SessionRegistry registry, IngestService ingest, PublishRateLimiter rateLimiter, CancellationToken ct)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Problems.Unauthorized($"Send the runner token as 'Authorization: {JwtBearerDefaults.AuthenticationScheme} <runnerToken>' (POST /api/join)");
        }

        if (http.User.Role() != LiveHubContract.Roles.Runner || http.User.SessionId() is not { } sid || http.User.RunnerId() is not { } rid)
        {
            return Problems.Forbidden("Ingest needs a runner token (POST /api/join), not a coach token");
        }

        if (registry.Find(sid) is not { } session || registry.FindRunner(session, rid) is not { } runner)
        {
            return Problems.Forbidden("The token's runner is not part of a session on this hub; join again");
        }

        // Before the body is even parsed: a flooding runner costs the hub as little as possible.
        if (!rateLimiter.TryAcquire(session, runner, out var retryAfter))
        {
            return RateLimited(http, rateLimiter, retryAfter);
        }

        var (batch, error) = await JsonBody.ReadAsync<SampleBatch>(http, ct);
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

    /// <summary>429 problem+json with <c>Retry-After</c> (whole seconds, at least 1) and the exact wait as <c>retryAfterMs</c>.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult RateLimited(HttpContext http, PublishRateLimiter rateLimiter, TimeSpan retryAfter)
    {
        var ms = PublishRateLimiter.RetryAfterMs(retryAfter);
        http.Response.Headers.RetryAfter = ((ms + 999) / 1000).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail: rateLimiter.RefusalMessage(retryAfter),
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            extensions: new Dictionary<string, object?> { ["reason"] = PublishRateLimiter.Reason, ["retryAfterMs"] = ms });
    }
}
