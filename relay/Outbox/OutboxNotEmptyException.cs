namespace MindMuscle.Live.Relay.Outbox;

/// <summary>A runner slot cannot be reset while it holds samples the hub has not acknowledged.</summary>
internal sealed class OutboxNotEmptyException(int runnerIndex, long pending)
    : OutboxException($"Runner slot {runnerIndex} still holds {pending} unsent samples; deliver them first or use another --data folder.")
{
    public int RunnerIndex { get; } = runnerIndex;

    public long Pending { get; } = pending;
}
