using System.Collections.Concurrent;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>A session as the hub holds it in memory: runners, watching coaches, alert engine, open alerts, recent cues.</summary>
public sealed class LiveSession
{
    private const int RecentCueLimit = 50;

    internal LiveSession(SessionRecord record, IAlertEngine engine)
    {
        Record = record;
        Engine = engine;
    }

    internal SessionRecord Record { get; set; }

    public string SessionId => Record.SessionId;

    public bool Ended => Record.EndedAt is not null;

    internal ConcurrentDictionary<string, LiveRunner> Runners { get; } = new(StringComparer.Ordinal);

    /// <summary>Coach senders by connection id.</summary>
    internal ConcurrentDictionary<string, CoachSender> Coaches { get; } = new(StringComparer.Ordinal);

    /// <summary>Not thread-safe (see <see cref="IAlertEngine"/>): used under <see cref="EngineGate"/>.</summary>
    internal IAlertEngine Engine { get; }

    internal object EngineGate { get; } = new();

    internal ConcurrentDictionary<string, FormAlert> OpenAlerts { get; } = new(StringComparer.Ordinal);

    internal long SampleCount;

    /// <summary>Every cue of the session by id, with its latest status.</summary>
    internal ConcurrentDictionary<string, CueUpdate> Cues { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Cues handed out that the runner's relay has not reported on yet, by id. A runner connection that opens while one
    /// is unexpired gets it again (the runner was between connections when it went out); relays drop a cue id they
    /// have already heard, so a second copy is harmless.
    /// </summary>
    internal ConcurrentDictionary<string, (string RunnerId, CueMessage Cue)> UnreportedCues { get; } = new(StringComparer.Ordinal);

    /// <summary>Keeps the newest status of a cue (a late "delivered" never replaces "spoken").</summary>
    internal void RememberCue(CueUpdate cue) =>
        Cues.AddOrUpdate(cue.CueId, cue, (_, old) => cue.Status >= old.Status ? cue : old);

    internal CueUpdate[] RecentCues() =>
        [.. Cues.Values.OrderByDescending(c => c.IssuedAt).Take(RecentCueLimit).OrderBy(c => c.IssuedAt)];

    /// <summary>Scale-out: the session's channel to the coaches on other nodes (a no-op on a single node).</summary>
    internal ISessionBus Bus
    {
        get;
        set
        {
            field = value;
            _remote = value.Enabled ? new BusCoachClient(value, SessionId) : null;
        }
    } = NullSessionBus.Instance;

    private BusCoachClient? _remote;

    /// <summary>Hands a message to every watching coach's sender and to the bus (never waits for a send).</summary>
    internal void Broadcast(Func<ICoachClient, Task> message)
    {
        BroadcastLocal(message);
        if (_remote is { } remote)
        {
            _ = message(remote);
        }
    }

    /// <summary>Hands a message to the coaches connected to this node only (traffic that came over the bus).</summary>
    internal void BroadcastLocal(Func<ICoachClient, Task> message)
    {
        foreach (var coach in Coaches.Values)
        {
            coach.EnqueueMessage(message);
        }
    }

    /// <summary>Hands a runner's new samples to the local coaches' senders and to the bus (never waits).</summary>
    internal void FanOutSamples(string runnerId, MetricSample[] samples)
    {
        FanOutSamplesLocal(runnerId, samples);
        if (_remote is not null)
        {
            Bus.Publish(SessionId, new SessionBusMessage { Kind = SessionBusMessageKind.Samples, RunnerId = runnerId, Samples = samples });
        }
    }

    internal void FanOutSamplesLocal(string runnerId, MetricSample[] samples)
    {
        foreach (var coach in Coaches.Values)
        {
            coach.EnqueueSamples(runnerId, samples);
        }
    }

    internal SessionSummary Summary() => new()
    {
        SessionId = Record.SessionId,
        Name = Record.Name,
        CreatedAt = Record.CreatedAt,
        EndedAt = Record.EndedAt,
        RunnerCount = Runners.Count,
        SampleCount = Interlocked.Read(ref SampleCount),
        AutoCue = Record.AutoCue,
        TargetPaceSecPerKm = Record.TargetPaceSecPerKm,
    };

    internal SessionSnapshot Snapshot(long hubTime) => new()
    {
        Session = Summary(),
        Runners = [.. Runners.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.RunnerId, StringComparer.Ordinal).Select(r => r.Snapshot())],
        OpenAlerts = [.. OpenAlerts.Values.OrderBy(a => a.StartedAt)],
        RecentCues = RecentCues(),
        HubTime = hubTime,
    };
}

/// <summary>A session's stored row.</summary>
internal sealed record SessionRecord(
    string SessionId, string Name, string JoinCode, long CreatedAt, long? EndedAt,
    AutoCueMode AutoCue, double? TargetPaceSecPerKm, AlertSettings Settings);
