using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Auth;

/// <summary>
/// REST access checks: a coach token of the session, or the coach key (which opens every session). A share token
/// (role <c>share</c>) passes <see cref="CoachOf"/> only for a GET of its own session, and when scoped to a runner only
/// for requests naming that runner alone; everything else refuses it.
/// </summary>
internal static class Access
{
    /// <summary><see cref="HttpContext.Items"/> key: why a share token was refused (expired, revoked), for the 401's detail.</summary>
    public const string ShareRefusalItem = "mml.share.refusal";

    public static bool HasCoachKey(HttpContext http, HubKeys keys) =>
        keys.IsCoachKey(http.Request.Headers[AuthExtensions.CoachKeyHeader].ToString() is { Length: > 0 } k ? k : null);

    /// <summary>Null when allowed (the coach, or a share token reading what it may), else the problem to answer with.</summary>
    public static IResult? CoachOf(HttpContext http, HubKeys keys, LiveSession? session, string sessionId)
    {
        if (http.User.ShareId() is not null && !HasCoachKey(http, keys))
        {
            return ShareReads(http, sessionId) ?? (session is null ? Problems.NotFound($"Session '{sessionId}' not found") : null);
        }

        return CoachOnly(http, keys, session, sessionId);
    }

    /// <summary>
    /// The runner a scoped share token is limited to, or null when the caller sees every runner (the coach, an unscoped
    /// share). Every read that <see cref="CoachOf"/> lets through answers only this runner's rows when it is set.
    /// </summary>
    public static string? ScopedRunner(HttpContext http, HubKeys keys) =>
        http.User.ShareId() is not null && !HasCoachKey(http, keys) ? http.User.RunnerId() : null;

    /// <summary>Whether a row about <paramref name="runnerId"/> (null: the whole group) may be shown under <paramref name="scope"/>.</summary>
    public static bool Shows(string? scope, string? runnerId) =>
        scope is null || runnerId is null || string.Equals(scope, runnerId, StringComparison.Ordinal);

    /// <summary>As <see cref="CoachOf"/>, but a share token is refused too (managing shares, changing the session).</summary>
    public static IResult? CoachOnly(HttpContext http, HubKeys keys, LiveSession? session, string sessionId)
    {
        if (HasCoachKey(http, keys))
        {
            return session is null ? Problems.NotFound($"Session '{sessionId}' not found; list sessions with GET /api/sessions") : null;
        }

        if (http.User.Identity?.IsAuthenticated != true)
        {
            return http.Items[ShareRefusalItem] is string refusal
                ? Problems.Unauthorized(refusal)
                : Problems.Unauthorized($"Send a coach token (Authorization: Bearer <coachToken>) or the coach key ({AuthExtensions.CoachKeyHeader} header)");
        }

        if (http.User.ShareId() is not null)
        {
            return Problems.Forbidden("A share link only reads its session; this needs the coach token of the session or the coach key");
        }

        if (!http.User.IsCoachOf(sessionId))
        {
            return Problems.Forbidden($"Your token does not open session '{sessionId}': use the coach token of that session or the coach key");
        }

        return session is null ? Problems.NotFound($"Session '{sessionId}' not found") : null;
    }

    private static IResult? ShareReads(HttpContext http, string sessionId)
    {
        if (!string.Equals(http.User.SessionId(), sessionId, StringComparison.Ordinal))
        {
            return Problems.Forbidden($"This share link opens another session, not '{sessionId}'");
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return Problems.Forbidden("A share link only reads the session; changing it needs the coach token of the session or the coach key");
        }

        if (http.User.RunnerId() is { } scoped)
        {
            // The runner the request is about: in the route (per-runner exports) or the query (samples, series).
            var asked = http.Request.RouteValues.TryGetValue("runnerId", out var route) && route is string r
                ? new Microsoft.Extensions.Primitives.StringValues(r)
                : http.Request.Query["runnerId"];
            if (asked.Count == 0 || asked.Any(a => !string.Equals(a, scoped, StringComparison.Ordinal)))
            {
                return Problems.Forbidden($"This share link shows runner '{scoped}' only: ask for runnerId={scoped}");
            }
        }

        return null;
    }
}
