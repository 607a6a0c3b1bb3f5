using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>How this console's own link to the hub stands: connection, reconnects, the last gap, lag and drops.</summary>
internal sealed class ConsoleLink
{
    public HubConnectionStatus Status { get; set; } = HubConnectionStatus.Connecting;

    public string? Detail { get; set; }

    public int Reconnects { get; set; }

    /// <summary>How long the last outage lasted (disconnect to resynced snapshot).</summary>
    public TimeSpan? LastGap { get; set; }

    /// <summary>Samples the last resync showed this console had missed, over all runners.</summary>
    public long LastGapSamples { get; set; }

    /// <summary>Of those, how many were read back from the recording and drawn (the gap filled).</summary>
    public long LastGapFilled { get; set; }

    /// <summary>Samples skipped in the live feed (dropped frames, a batch sent just before watching) and read back since.</summary>
    public long SeqJumpsFilled { get; set; }

    /// <summary>Why the last gap could not be filled, when it could not.</summary>
    public string? LastGapError { get; set; }

    /// <summary>Hub time minus local time, from the last snapshot.</summary>
    public long HubClockOffsetMs { get; set; }

    /// <summary>Smoothed age of live samples on arrival: hub observed-at to on screen.</summary>
    public double? LagMs { get; set; }

    /// <summary>Frames the hub dropped for this console because it could not keep up.</summary>
    public long DroppedFrames { get; set; }

    /// <summary>The hub said this console is lagging (its frames are being dropped).</summary>
    public bool Lagging { get; set; }
}
