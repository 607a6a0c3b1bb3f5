using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Web.Coach;

/// <summary>
/// The web app's own addresses of a session. The hub's answer carries absolute <c>coachUrl</c>/<c>joinUrl</c> built
/// for its public address; an older hub without them gets the same shape from this page's own address.
/// </summary>
public static class SessionLinks
{
    public static string LivePath(string sessionId) => $"sessions/{Uri.EscapeDataString(sessionId)}/live";

    public static string JoinUrl(CreateSessionResponse session, string baseUri)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.JoinUrl is { Length: > 0 } url ? url : $"{baseUri}join/{Uri.EscapeDataString(session.JoinCode)}";
    }
}
