using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>
/// The relay's durable outbox: every reading is written (and gets its seq) before it is sent; the hub's ack trims it.
/// </summary>
/// <remarks>
/// Synchronous on purpose: each call is one short local transaction, and SQLite has no truly asynchronous I/O, so a
/// Task would only pretend. A failure of the store is an <see cref="OutboxException"/>.
/// </remarks>
internal interface IOutbox
{
    /// <summary>Creates the runner slot if it is new; returns its stored identity.</summary>
    RunnerIdentity EnsureRunner(int runnerIndex, string name);

    RunnerIdentity? GetIdentity(int runnerIndex);

    void SaveIdentity(RunnerIdentity identity);

    /// <summary>
    /// Forgets a runner slot's hub identity and restarts its seqs at 1. Refused (<see cref="OutboxNotEmptyException"/>)
    /// while it still holds unsent samples.
    /// </summary>
    void ResetRunner(int runnerIndex);

    /// <summary>
    /// Writes readings in one transaction, assigning each runner's next contiguous seqs. Readings beyond the bounds are
    /// refused (counted, never given a seq, so seqs stay contiguous).
    /// </summary>
    AppendResult Append(IReadOnlyList<SourceReading> readings);

    /// <summary>Unsent samples of a runner with seq &gt;= <paramref name="fromSeq"/>, in seq order, at most <paramref name="max"/>.</summary>
    IReadOnlyList<MetricSample> ReadPending(int runnerIndex, long fromSeq, int max);

    /// <summary>Deletes samples at or below <paramref name="upTo"/>: the hub recorded them.</summary>
    void Trim(int runnerIndex, long upTo);

    OutboxStats GetStats(int runnerIndex);

    /// <summary>Completes when the runner has a sample with seq &gt;= <paramref name="seq"/> (at once if it already has).</summary>
    Task WaitForSeqAsync(int runnerIndex, long seq, CancellationToken cancellationToken);

    /// <summary>
    /// Moves readings the hub refused for good out of the pending samples into the dead letters (kept with the hub's
    /// reason, counted, listed by <c>relay dead-letters</c>); returns how many were moved.
    /// </summary>
    int DeadLetter(int runnerIndex, IReadOnlyCollection<long> seqs, string reason, long refusedAtUnixMs);

    /// <summary>True when the runner's <paramref name="seq"/> (in its current session) is a dead letter.</summary>
    bool IsDeadLettered(int runnerIndex, long seq);

    /// <summary>True when every seq from <paramref name="from"/> to <paramref name="to"/> is a dead letter (an empty range is).</summary>
    bool AllDeadLettered(int runnerIndex, long from, long to);

    /// <summary>Every dead letter in the data folder, oldest first.</summary>
    IReadOnlyList<DeadLetter> ReadDeadLetters();
}
