using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>One runner of a session as the hub holds it in memory: who it is, where it stands, and its ingest progress.</summary>
internal sealed class LiveRunner
{
    internal LiveRunner(string runnerId, string name, string rejoinHash, RunnerState state, StoredRunner? stored = null)
    {
        RunnerId = runnerId;
        Name = name;
        RejoinHash = rejoinHash;
        Presence = new RunnerPresence(state, stored?.Latest);
        Progress = new RunnerProgress(stored?.Progress ?? RecordedProgress.None);
    }

    public string RunnerId { get; }

    public string Name { get; }

    internal string RejoinHash { get; }

    internal RunnerPresence Presence { get; }

    /// <summary>Ingest's slot: what is recorded and queued of this runner.</summary>
    internal RunnerProgress Progress { get; }

    /// <summary>Highest contiguous seq durably recorded.</summary>
    internal long LastSeq => Progress.LastSeq;

    internal RunnerSnapshot Snapshot()
    {
        var (state, latest) = Presence.Read();
        return new RunnerSnapshot { RunnerId = RunnerId, Name = Name, State = state, LastSeq = LastSeq, Latest = latest };
    }
}
