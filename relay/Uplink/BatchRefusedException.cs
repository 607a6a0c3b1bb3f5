namespace MindMuscle.Live.Relay.Uplink;

/// <summary>The hub refused a batch for good; its offending readings were moved to the outbox's dead letters.</summary>
internal sealed class BatchRefusedException : Exception
{
    public BatchRefusedException(string reason, int readings, Exception innerException)
        : base($"{readings} readings refused by the hub: {reason}", innerException)
    {
        Reason = reason;
        Readings = readings;
    }

    public BatchRefusedException()
        : this("refused", 0, new InvalidOperationException("refused"))
    {
    }

    public BatchRefusedException(string message)
        : this(message, 0, new InvalidOperationException(message))
    {
    }

    public BatchRefusedException(string message, Exception innerException)
        : this(message, 0, innerException)
    {
    }

    /// <summary>The hub's words.</summary>
    public string Reason { get; }

    /// <summary>How many readings this refusal moved to the dead letters.</summary>
    public int Readings { get; }
}
