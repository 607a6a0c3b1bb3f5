namespace MindMuscle.Live.Relay.Outbox;

/// <summary>One runner slot's counters, mirrored in memory so status and bound checks never touch the disk.</summary>
internal sealed class OutboxCounters
{
    public long NextSeq { get; set; }

    public long AckedSeq { get; set; }

    public long Pending { get; set; }

    public long PendingBytes { get; set; }

    public long Refused { get; set; }

    /// <summary>
    /// Seqs of this session the hub refused for good (dead letters): one per reading the hub found out of range, and the
    /// uplink asks about them per ack.
    /// </summary>
    public SortedSet<long> DeadSeqs { get; } = [];

    public string? LastDeadLetterReason { get; set; }

    /// <summary>
    /// A copy to roll an append back to. <see cref="DeadSeqs"/> is shared, not copied: an append never changes it, and
    /// copying it on every append (each BLE notification) would cost in proportion to the dead letters.
    /// </summary>
    public OutboxCounters Clone() => (OutboxCounters)MemberwiseClone();
}
