namespace MindMuscle.Live.TestKit.Faults;

/// <summary>What a <see cref="TcpFaultProxy"/> does to traffic right now.</summary>
public enum FaultMode
{
    /// <summary>Bytes flow both ways untouched.</summary>
    PassThrough = 0,

    /// <summary>Every open connection is reset (RST) and every new one is reset right after accept.</summary>
    Drop = 1,

    /// <summary>Connections stay open (and new ones are accepted) but nothing is forwarded until the stall ends.</summary>
    Stall = 2,

    /// <summary>Each direction of each connection is limited to a byte rate.</summary>
    Throttle = 3,

    /// <summary>Sockets stay open; bytes in the chosen directions are read and discarded (a silent black hole).</summary>
    HalfOpen = 4,

    /// <summary>The listening socket is closed: new connections get ECONNREFUSED, open ones carry on.</summary>
    Refuse = 5,
}

/// <summary>Directions a half-open fault blackholes.</summary>
[Flags]
public enum FaultDirection
{
    None = 0,

    /// <summary>From the connecting client towards the target (e.g. relay → hub).</summary>
    ClientToTarget = 1,

    /// <summary>From the target back to the client (e.g. hub → relay acks).</summary>
    TargetToClient = 2,

    Both = ClientToTarget | TargetToClient,
}
