using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>
/// Carries a session's live traffic (samples, alerts, runner status, cue updates, markers, reps and laps) to the coaches watching it on other
/// hub nodes. Publishing never waits for the bus: while it is away, other nodes miss the traffic, local coaches do not.
/// </summary>
internal interface ISessionBus
{
    /// <summary>False on a single node (no Redis configured): nothing is forwarded.</summary>
    bool Enabled { get; }

    void Publish(string sessionId, SessionBusMessage message);
}

/// <summary>Single node: nothing leaves the process.</summary>
internal sealed class NullSessionBus : ISessionBus
{
    public static readonly NullSessionBus Instance = new();

    public bool Enabled => false;

    public void Publish(string sessionId, SessionBusMessage message)
    {
    }
}

/// <summary>One message on a session's channel; exactly one of the payload members is set, as <see cref="Kind"/> says.</summary>
internal sealed record SessionBusMessage
{
    public required SessionBusMessageKind Kind { get; init; }

    /// <summary>The node that published it (nodes ignore their own messages).</summary>
    public string Origin { get; init; } = "";

    public string? RunnerId { get; init; }

    public MetricSample[]? Samples { get; init; }

    public Core.Alerts.FormAlert? Alert { get; init; }

    public Core.Contracts.RunnerStatusUpdate? Status { get; init; }

    public Core.Cues.CueUpdate? Cue { get; init; }

    public Core.Contracts.SessionMarker? Marker { get; init; }

    public Core.Contracts.RepCompleted? Rep { get; init; }

    public Core.Contracts.LapCompleted? Lap { get; init; }

    /// <summary>The session's new summary, for <see cref="SessionBusMessageKind.SessionUpdated"/>.</summary>
    public Core.Contracts.SessionSummary? Session { get; init; }

    /// <summary>When the session ended (UTC unix ms), for <see cref="SessionBusMessageKind.SessionEnded"/>.</summary>
    public long? EndedAt { get; init; }
}

internal enum SessionBusMessageKind
{
    Samples = 0,
    Alert = 1,
    AlertCleared = 2,
    RunnerStatus = 3,
    CueUpdate = 4,
    SessionEnded = 5,
    MarkerAdded = 6,
    RepCompleted = 7,
    LapCompleted = 8,
    SessionUpdated = 9,
}
