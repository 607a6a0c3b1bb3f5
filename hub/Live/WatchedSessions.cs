namespace MindMuscle.Live.Hub.Live;

/// <summary>The sessions one coach connection watches, so its feeds stop when it disconnects.</summary>
internal sealed class WatchedSessions
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _sessionIds = new(StringComparer.Ordinal);

    public void Add(string sessionId)
    {
        lock (_gate)
        {
            _sessionIds.Add(sessionId);
        }
    }

    public string[] All()
    {
        lock (_gate)
        {
            return [.. _sessionIds];
        }
    }
}
