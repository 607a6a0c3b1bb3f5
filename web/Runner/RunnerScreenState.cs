using System.Collections.Immutable;

namespace MindMuscle.Live.Web.Runner;

/// <summary>Where the runner's link to the hub is, in the words the screen shows (<c>data-connection</c>).</summary>
public enum RunnerConnection
{
    NotJoined,
    Joining,
    Connecting,
    Connected,

    /// <summary>Linked to the hub, but its last publish was refused or failed: readings wait on the phone.</summary>
    NotSending,
    Reconnecting,
    Offline,
    Rejected,
}

/// <summary>One sensor as the screen shows it (<c>data-sensor-state</c>: connecting, connected, reconnecting).</summary>
public sealed record SensorView(int Id, string Name, string State, int? BatteryPct, string? Detail);

/// <summary>Everything the runner's screen shows; replaced as a whole on every change.</summary>
public sealed record RunnerScreenState
{
    public RunnerConnection Connection { get; init; } = RunnerConnection.NotJoined;

    /// <summary>Why the hub is out of reach, or why a join was refused (a sentence to show as is).</summary>
    public string? ConnectionDetail { get; init; }

    public string? RunnerName { get; init; }

    public string? RunnerId { get; init; }

    public ImmutableList<SensorView> Sensors { get; init; } = [];

    public bool BluetoothAvailable { get; init; } = true;

    /// <summary>Why the last "Connect sensors" did not add one, as a sentence for the runner.</summary>
    public string? SensorError { get; init; }

    public long OutboxDepth { get; init; }

    public long LastSeq { get; init; }

    public long AckedSeq { get; init; }

    /// <summary>Readings refused because the outbox was full.</summary>
    public long Refused { get; init; }

    public bool OutboxFull { get; init; }

    /// <summary>Readings the hub refused for good for their values, moved aside so the rest is sent.</summary>
    public long RefusedByHub { get; init; }

    /// <summary>The hub's words for the last of them (a sentence to show as is).</summary>
    public string? RefusedByHubReason { get; init; }

    /// <summary>Notifications whose bytes no decoder accepted (counted, never a crash).</summary>
    public long Malformed { get; init; }

    public string? LastMalformed { get; init; }

    public int? HeartRateBpm { get; init; }

    public double? CadenceSpm { get; init; }

    public double? SpeedMps { get; init; }

    public string? LastCueText { get; init; }

    public string? LastCueStatus { get; init; }

    public int CuesSpoken { get; init; }

    public bool WakeLockHeld { get; init; }

    /// <summary>Why the screen may turn off (the browser refused or released the wake lock), as a sentence to show.</summary>
    public string? WakeLockDetail { get; init; }

    /// <summary>The last background fault (a loop that stopped and was restarted), as a sentence for the runner.</summary>
    public string? PageFault { get; init; }
}
