namespace MindMuscle.Live.Relay.Outbox;

/// <summary>
/// A file named like the outbox is not one the relay can read: not an SQLite database, damaged, or another program's
/// database. Says what to do: point at the right folder, or move the file aside.
/// </summary>
internal sealed class OutboxUnreadableException(string path, string why, Exception? inner = null)
    : OutboxException(
        $"{path} is not a relay outbox it can read: {why}. Pass the folder the relay ran with as --data DIR; if it is that folder, the file is damaged: move it aside (the relay starts a new outbox) and keep it for inspection.",
        inner)
{
    public string Path { get; } = path;
}
