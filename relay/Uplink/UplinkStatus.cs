namespace MindMuscle.Live.Relay.Uplink;

/// <summary>A runner uplink's state for the status line and <c>--json</c> events.</summary>
internal sealed record UplinkStatus
{
    public required int RunnerIndex { get; init; }

    public string? RunnerId { get; init; }

    /// <summary>joining | connecting | connected | reconnecting | disconnected | rejected</summary>
    public required string Connection { get; init; }

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
}
