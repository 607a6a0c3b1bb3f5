using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Auth;

/// <summary>REST access checks: a coach token of the session, or the coach key (which opens every session).</summary>
internal static class Access
{
    public static bool HasCoachKey(HttpContext http, HubKeys keys) =>
        keys.IsCoachKey(http.Request.Headers[AuthExtensions.CoachKeyHeader].ToString() is { Length: > 0 } k ? k : null);

    /// <summary>Null when allowed, else the problem to answer with.</summary>
    public static IResult? CoachOf(HttpContext http, HubKeys keys, LiveSession? session, string sessionId)
    {
        if (HasCoachKey(http, keys))
        {
            return session is null ? Problems.NotFound($"Session '{sessionId}' not found; list sessions with GET /api/sessions") : null;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Problems.Unauthorized($"Send a coach token (Authorization: Bearer <coachToken>) or the coach key ({AuthExtensions.CoachKeyHeader} header)");
        }

        if (!http.User.IsCoachOf(sessionId))
        {
            return Problems.Forbidden($"Your token does not open session '{sessionId}': use the coach token of that session or the coach key");
        }

        return session is null ? Problems.NotFound($"Session '{sessionId}' not found") : null;
    }
}
