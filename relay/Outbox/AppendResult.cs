namespace MindMuscle.Live.Relay.Outbox;

/// <summary>The result of one append: seqs given to the accepted readings, and how many were refused (outbox full).</summary>
internal sealed record AppendResult(IReadOnlyList<(int RunnerIndex, long Seq)> Accepted, int Refused);
