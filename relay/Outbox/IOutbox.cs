using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>
/// The relay's durable outbox: every reading is written (and gets its seq) before it is sent; the hub's ack trims it.
/// </summary>
internal interface IOutbox
{
    /// <summary>Creates the runner slot if it is new; returns its stored identity.</summary>
    Task<RunnerIdentity> EnsureRunnerAsync(int runnerIndex, string name, CancellationToken cancellationToken);

    Task<RunnerIdentity?> GetIdentityAsync(int runnerIndex, CancellationToken cancellationToken);

    Task SaveIdentityAsync(RunnerIdentity identity, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a runner slot's hub identity and restarts its seqs at 1. Refused (throws) while it still holds unsent samples.
    /// </summary>
    Task ResetRunnerAsync(int runnerIndex, CancellationToken cancellationToken);

    /// <summary>
    /// Writes readings in one transaction, assigning each runner's next contiguous seqs. Readings beyond the bounds are
    /// refused (counted, never given a seq, so seqs stay contiguous).
    /// </summary>
    Task<AppendResult> AppendAsync(IReadOnlyList<SourceReading> readings, CancellationToken cancellationToken);

    /// <summary>Unsent samples of a runner with seq &gt;= <paramref name="fromSeq"/>, in seq order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<MetricSample>> ReadPendingAsync(int runnerIndex, long fromSeq, int max, CancellationToken cancellationToken);

    /// <summary>Deletes samples at or below <paramref name="upTo"/>: the hub recorded them.</summary>
    Task TrimAsync(int runnerIndex, long upTo, CancellationToken cancellationToken);

    OutboxStats GetStats(int runnerIndex);

    /// <summary>Completes when the runner has a sample with seq &gt;= <paramref name="seq"/> (at once if it already has).</summary>
    Task WaitForSeqAsync(int runnerIndex, long seq, CancellationToken cancellationToken);
}
