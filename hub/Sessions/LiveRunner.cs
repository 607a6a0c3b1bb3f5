using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>One runner of a session as the hub holds it in memory.</summary>
public sealed class LiveRunner(string runnerId, string name, string rejoinHash)
{
    /// <summary><see cref="UpTo"/> as readers outside the publish lock see it (snapshots, statuses, rejoin).</summary>
    private long _upToSnapshot;

    public string RunnerId { get; } = runnerId;

    public string Name { get; } = name;

    internal string RejoinHash { get; } = rejoinHash;

    /// <summary>
    /// Serialises one runner's publishes (hub and HTTP, old and new connection) so dedup and acks stay exact. Held while
    /// a batch is checked, queued for the recorder and fanned out, and again while its commit is settled; not while the
    /// commit is awaited, so a runner's next batch reaches the coaches without waiting for the previous one's disk write.
    /// </summary>
    internal SemaphoreSlim PublishLock { get; } = new(1, 1);

    /// <summary>Seqs queued for the recorder whose commit has not been settled yet. Under <see cref="PublishLock"/>.</summary>
    internal HashSet<long> Pending { get; } = [];

    /// <summary>Queued batches in recorder order, settled from the head as their commits complete. Under <see cref="PublishLock"/>.</summary>
    internal Queue<(MetricSample[] Samples, Task Committed)> InFlight { get; } = new();

    /// <summary>Highest contiguous seq durably recorded. Written under <see cref="PublishLock"/>.</summary>
    internal long UpTo { get; set; }

    /// <summary>Seqs recorded above a gap (above <see cref="UpTo"/>). Under <see cref="PublishLock"/>.</summary>
    internal SortedSet<long> Above { get; } = [];

    internal MetricSample? Latest { get; set; }

    internal RunnerState State { get; set; } = RunnerState.Joined;

    /// <summary>Hub time of the last accepted sample (unix ms), 0 when none.</summary>
    internal long LastSampleAt { get; set; }

    internal int Connections { get; set; }

    /// <summary>Guards <see cref="State"/>, <see cref="Connections"/>, <see cref="LastSampleAt"/> and <see cref="Latest"/>.</summary>
    internal object Gate { get; } = new();

    internal RunnerSnapshot Snapshot()
    {
        lock (Gate)
        {
            return new RunnerSnapshot { RunnerId = RunnerId, Name = Name, State = State, LastSeq = Volatile.Read(ref _upToSnapshot), Latest = Latest };
        }
    }

    /// <summary>Publishes <see cref="UpTo"/> to readers outside the publish lock.</summary>
    internal void PublishUpTo() => Volatile.Write(ref _upToSnapshot, UpTo);

    internal long LastSeq => Volatile.Read(ref _upToSnapshot);
}
