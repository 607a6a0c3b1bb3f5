namespace MindMuscle.Live.Relay.Outbox;

/// <summary>
/// Who a runner slot of this data folder is on the hub. Stored with the outbox so a restarted relay rejoins as the same
/// runner and continues its seqs. <see cref="RunnerId"/> and <see cref="RejoinSecret"/> are null until the first join.
/// </summary>
internal sealed record RunnerIdentity
{
    /// <summary>The runner's slot in this relay (0 for a single runner; 0..N-1 with <c>--runners N</c>).</summary>
    public required int Index { get; init; }

    public required string Name { get; init; }

    public string? HubUrl { get; init; }

    public string? JoinCode { get; init; }

    public string? SessionId { get; init; }

    public string? RunnerId { get; init; }

    public string? RejoinSecret { get; init; }

    public string? Token { get; init; }

    /// <summary>UTC unix ms; 0 when there is no token.</summary>
    public long TokenExpiresAt { get; init; }
}
