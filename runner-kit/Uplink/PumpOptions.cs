namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>How the pump sends: batch size, in-flight window and when a sample counts as late.</summary>
public sealed record PumpOptions
{
    /// <summary>Samples per publish at most. Default 200.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Publishes awaiting their ack at once (the in-flight window). Default 4.</summary>
    public int MaxInFlight { get; init; } = 4;

    /// <summary>A sample older than this when it is sent is marked <c>backfilled</c>. Default 5 s.</summary>
    public TimeSpan BackfillThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuses a value that cannot work, naming the setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        OptionRange.Check(BackfillThreshold, TimeSpan.Zero, TimeSpan.FromDays(1));
    }
}
