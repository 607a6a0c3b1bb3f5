using System.Collections.Concurrent;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.Hub.Track;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>
/// A session as the hub holds it in memory: its row and its runners, plus one slot per feature for that feature's
/// state (the types live in the features' folders).
/// </summary>
internal sealed class LiveSession
{
    private readonly Lock _recordGate = new();

    internal LiveSession(StoredSession stored, ISessionBus bus, AutoCueOptions autoCue, IAlertEngineFactory engines, ILogger? logger = null)
    {
        Record = stored.Record;
        foreach (var runner in stored.Runners)
        {
            Runners[runner.RunnerId] = new LiveRunner(runner.RunnerId, runner.Name, runner.RejoinHash, RunnerState.Left, runner);
        }

        Samples = new SessionSampleCount(stored.Runners.Sum(r => r.Progress.Count));
        Alerts = new SessionAlerts(Record.SessionId, Record.Settings, stored.OpenAlerts, engines);
        FanOut = new SessionFanOut(Record.SessionId, bus, logger);
        Cues = new SessionCueLog(stored.Cues, Record.AutoCue, autoCue);
        Markers = new SessionMarkers(stored.Markers);
        Track = new SessionLiveTrack(Record.SessionId, Markers, FanOut);
        if (Ended)
        {
            Track.End();
        }
    }

    /// <summary>The stored row; replaced as a whole (immutable) when the session ends.</summary>
    internal SessionRecord Record { get; private set; }

    public string SessionId => Record.SessionId;

    public bool Ended => Record.EndedAt is not null;

    internal ConcurrentDictionary<string, LiveRunner> Runners { get; } = new(StringComparer.Ordinal);

    internal SessionSampleCount Samples { get; }

    internal SessionAlerts Alerts { get; }

    internal SessionFanOut FanOut { get; }

    internal SessionCueLog Cues { get; }

    internal SessionMarkers Markers { get; }

    internal SessionLiveTrack Track { get; }

    internal void MarkEnded(long endedAt)
    {
        lock (_recordGate)
        {
            Record = Record with { EndedAt = endedAt };
        }

        Track.End();
    }

    /// <summary>Switches the auto-cue mode in memory (the row and the policy on the alert path); recorded by the caller.</summary>
    internal void SetAutoCue(AutoCueMode mode)
    {
        lock (_recordGate)
        {
            Record = Record with { AutoCue = mode };
            Cues.Policy.SetMode(mode);
        }
    }

    internal SessionSummary Summary() => new()
    {
        SessionId = Record.SessionId,
        Name = Record.Name,
        CreatedAt = Record.CreatedAt,
        EndedAt = Record.EndedAt,
        RunnerCount = Runners.Count,
        SampleCount = Samples.Value,
        AutoCue = Record.AutoCue,
        TargetPaceSecPerKm = Record.TargetPaceSecPerKm,
        HrMaxBpm = Record.HrMaxBpm,
    };

    internal SessionSnapshot Snapshot(long hubTime) => new()
    {
        Session = Summary(),
        Runners = [.. Runners.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.RunnerId, StringComparer.Ordinal).Select(r => r.Snapshot())],
        OpenAlerts = [.. Alerts.Open.Values.OrderBy(a => a.StartedAt)],
        RecentCues = Cues.Recent(),
        Markers = Markers.All(),
        HubTime = hubTime,
    };
}
