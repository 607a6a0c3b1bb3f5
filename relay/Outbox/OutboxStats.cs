namespace MindMuscle.Live.Relay.Outbox;

/// <summary>Where one runner's outbox stands.</summary>
/// <param name="RunnerIndex">The runner slot.</param>
/// <param name="Pending">Samples written and not yet acknowledged by the hub.</param>
/// <param name="LastSeq">Highest seq assigned (0 before the first reading).</param>
/// <param name="AckedSeq">Highest seq the hub acknowledged.</param>
/// <param name="Refused">Readings refused because the outbox was full, since the data folder was created.</param>
internal readonly record struct OutboxStats(int RunnerIndex, long Pending, long LastSeq, long AckedSeq, long Refused)
{
    /// <summary>Readings of this session the hub refused for good, kept as dead letters.</summary>
    public long DeadLettered { get; init; }

    /// <summary>The hub's words for the latest of them.</summary>
    public string? DeadLetterReason { get; init; }
}
