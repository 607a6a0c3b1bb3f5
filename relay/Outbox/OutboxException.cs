namespace MindMuscle.Live.Relay.Outbox;

/// <summary>The outbox could not read or write its store (disk full, I/O error, locked file); nothing of the call took effect.</summary>
internal class OutboxException : Exception
{
    public OutboxException(string message)
        : base(message)
    {
    }

    public OutboxException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    public OutboxException(Exception inner)
        : base($"The outbox store failed: {inner?.Message}", inner)
    {
    }
}
