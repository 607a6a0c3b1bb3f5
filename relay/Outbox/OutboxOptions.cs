namespace MindMuscle.Live.Relay.Outbox;

/// <summary>Bounds of the durable outbox. When a bound is reached new readings are refused (see docs/relay.md).</summary>
internal sealed record OutboxOptions
{
    /// <summary>
    /// Unsent samples kept per runner. Default 250,000: about 17 hours of a 4 Hz runner with no hub at all,
    /// far beyond a 4-hour track session.
    /// </summary>
    public int MaxPendingSamplesPerRunner { get; init; } = 250_000;

    /// <summary>Unsent sample payload bytes across all runners of this data folder. Default 256 MiB.</summary>
    public long MaxPendingBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// SQLite <c>synchronous</c> level. FULL (default) also survives power loss (a phone's battery dying);
    /// NORMAL in WAL mode survives a killed process but may lose the last commits on power loss.
    /// </summary>
    public bool SynchronousFull { get; init; } = true;

    /// <summary>Refuses a value that cannot work, naming the setting (<see cref="SynchronousFull"/> takes either).</summary>
    public void Validate()
    {
        if (MaxPendingSamplesPerRunner < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingSamplesPerRunner), MaxPendingSamplesPerRunner, "must be at least 1");
        }

        if (MaxPendingBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "must be at least 1024");
        }
    }
}
