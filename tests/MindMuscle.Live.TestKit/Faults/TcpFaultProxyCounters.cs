namespace MindMuscle.Live.TestKit.Faults;

/// <summary>A snapshot of what a <see cref="TcpFaultProxy"/> has seen and done since it started.</summary>
public sealed record TcpFaultProxyCounters
{
    /// <summary>Client connections accepted (including those reset at once in Drop mode).</summary>
    public long ConnectionsAccepted { get; init; }

    /// <summary>Connections currently forwarding (or held).</summary>
    public long ConnectionsActive { get; init; }

    /// <summary>Connections the proxy reset: open ones when Drop was set, and new ones accepted while in Drop.</summary>
    public long ConnectionsReset { get; init; }

    /// <summary>Connections closed because the target could not be reached.</summary>
    public long UpstreamConnectFailures { get; init; }

    /// <summary>Bytes written to the target.</summary>
    public long BytesClientToTarget { get; init; }

    /// <summary>Bytes written back to clients.</summary>
    public long BytesTargetToClient { get; init; }

    /// <summary>Bytes read and thrown away by a half-open fault.</summary>
    public long BytesDiscarded { get; init; }

    /// <summary>Times a fault mode (anything but pass-through) was switched on.</summary>
    public long FaultsInjected { get; init; }

    /// <summary>Fault switches by mode, for docs/reliability.md.</summary>
    public IReadOnlyDictionary<FaultMode, long> FaultsByMode { get; init; } = new Dictionary<FaultMode, long>();
}
