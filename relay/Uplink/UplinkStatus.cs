namespace MindMuscle.Live.Relay.Uplink;

/// <summary>A runner uplink's state for the status line and <c>--json</c> events.</summary>
internal sealed record UplinkStatus
{
    public required int RunnerIndex { get; init; }

    public string? RunnerId { get; init; }

    public required UplinkState State { get; init; }

    public long LastAck { get; init; }

    /// <summary>UTC unix ms (relay clock) of the last ack; 0 before the first.</summary>
    public long LastAckAt { get; init; }

    public long ClockOffsetMs { get; init; }

    public long RttMs { get; init; }

    public long BatchesSent { get; init; }

    public long SamplesBackfilled { get; init; }

    public long Duplicates { get; init; }

    public long Failures { get; init; }

    /// <summary>Publishes the hub refused for the runner's publish rate and the uplink sent again after the hub's wait.</summary>
    public long RateLimited { get; init; }

    public string? LastError { get; init; }

    public long CueStatusesDropped { get; init; }

    /// <summary>Since when the hub could not be reached; null while connected.</summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>Why, in a few words ("connection refused", "HTTP 503", "timed out").</summary>
    public string? UnreachableReason { get; init; }

    /// <summary>When the next connect attempt is due, if one is scheduled.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The hub's refusal when <see cref="State"/> is <see cref="UplinkState.Rejected"/>.</summary>
    public JoinRejectedException? Rejection { get; init; }
}
