namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Where the hub is and how this console proves it is a coach: a coach key, a coach token, or both.</summary>
internal sealed record HubTarget
{
    public static Uri DefaultHubUrl { get; } = new("http://127.0.0.1:5080");

    public Uri HubUrl { get; init; } = DefaultHubUrl;

    /// <summary>The hub's coach key (header <c>X-Coach-Key</c>); REST reads accept it, and it mints a coach token.</summary>
    public string? CoachKey { get; init; }

    /// <summary>A coach token (JWT) from session creation; the hub connection needs one.</summary>
    public string? Token { get; init; }

    public bool HasCredentials => !string.IsNullOrWhiteSpace(CoachKey) || !string.IsNullOrWhiteSpace(Token);
}
