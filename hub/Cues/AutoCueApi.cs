using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Cues;

/// <summary><c>PUT /api/sessions/{id}/auto-cue</c> (coach access): switches the session's auto-cue mode.</summary>
internal static class AutoCueApi
{
    public static IEndpointRouteBuilder MapAutoCueApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPut("/api/sessions/{id}/auto-cue", SetAsync);
        return endpoints;
    }

    private static async Task<IResult> SetAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, AutoCueSwitch autoCue, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        // An unknown mode word fails deserialization: answered (and counted) as the mode's problem, not as bad JSON.
        var (request, error) = await JsonBody.ReadAsync<SetAutoCueRequest>(http, ct, ex => Problem(ex.Path == "$.mode"
            ? autoCue.Rejected("unknownMode", AutoCueSwitch.UnknownModeMessage)
            : autoCue.Rejected("malformed", $"The JSON body is malformed at {ex.Path ?? "$"}: send {{\"mode\": \"off\"|\"suggest\"|\"auto\"}}")));
        if (error is not null)
        {
            return error;
        }

        try
        {
            return TypedResults.Ok(await autoCue.SetAsync(session!, request!.Mode, ct));
        }
        catch (AutoCueRejectedException ex)
        {
            return Problem(ex);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(AutoCueRejectedException ex) => TypedResults.Problem(
        detail: ex.Message,
        statusCode: ex.Reason == "sessionEnded" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        title: "Auto-cue mode rejected",
        extensions: new Dictionary<string, object?> { ["reason"] = ex.Reason });
}
