namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Where a runner's link to the hub stands (shown on the status line, camelCase in <c>--json</c>).</summary>
internal enum UplinkState
{
    Joining,
    Connecting,
    Connected,
    Reconnecting,
    Disconnected,

    /// <summary>The hub refused the join for good: the uplink stopped, its samples stay in the outbox.</summary>
    Rejected,
}
