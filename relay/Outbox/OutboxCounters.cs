namespace MindMuscle.Live.Relay.Outbox;

/// <summary>One runner slot's counters, mirrored in memory so status and bound checks never touch the disk.</summary>
internal sealed class OutboxCounters
{
    public long NextSeq { get; set; }

    public long AckedSeq { get; set; }

    public long Pending { get; set; }

    public long PendingBytes { get; set; }

    public long Refused { get; set; }

    /// <summary>Seqs of this session the hub refused for good (dead letters): few, and the uplink asks about them per ack.</summary>
    public SortedSet<long> DeadSeqs { get; private set; } = [];

    public string? LastDeadLetterReason { get; set; }

    public OutboxCounters Clone()
    {
        var clone = (OutboxCounters)MemberwiseClone();
        clone.DeadSeqs = [.. DeadSeqs];
        return clone;
    }
}
