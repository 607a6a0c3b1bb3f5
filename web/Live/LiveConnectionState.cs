namespace MindMuscle.Live.Web.Live;

public enum LiveConnectionStatus
{
    /// <summary>First connection under way.</summary>
    Connecting = 0,
    Connected = 1,
    /// <summary>Lost; the client is retrying on its own.</summary>
    Reconnecting = 2,
    /// <summary>Closed or refused; the service retries, or waits for the coach (see the detail).</summary>
    Offline = 3,
}

/// <summary>The hub connection as the badge shows it: its status, since when (local time) and why.</summary>
public sealed record LiveConnectionState(LiveConnectionStatus Status, DateTimeOffset Since, string? Detail = null)
{
    /// <summary>The badge's <c>data-connection</c> word: connected, reconnecting or offline.</summary>
    public string Word => Status switch
    {
        LiveConnectionStatus.Connected => "connected",
        LiveConnectionStatus.Offline => "offline",
        _ => "reconnecting",
    };
}
