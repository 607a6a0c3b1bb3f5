namespace MindMuscle.Live.Hub.Sessions;

/// <summary>
/// The web app's addresses the hub hands out: <c>{base}/sessions/{sessionId}/live#token={coachToken}</c> (the token in the
/// fragment, which browsers never send to a server, so it never reaches a log) and <c>{base}/join/{joinCode}</c>. The base
/// is <c>Hub:PublicBaseUrl</c>, else the request's scheme, host and path base.
/// </summary>
internal static class WebAppUrls
{
    public static string Base(HttpRequest request, HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.PublicBaseUrl?.Trim();
        return (string.IsNullOrEmpty(configured) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : configured).TrimEnd('/');
    }

    public static string Coach(string baseUrl, string sessionId, string coachToken) =>
        $"{baseUrl}/sessions/{Uri.EscapeDataString(sessionId)}/live#token={Uri.EscapeDataString(coachToken)}";

    public static string Join(string baseUrl, string joinCode) => $"{baseUrl}/join/{Uri.EscapeDataString(joinCode)}";
}
