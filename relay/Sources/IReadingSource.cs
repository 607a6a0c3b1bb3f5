
namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// Where a relay's readings come from: BLE sensors (real or simulated), or a recorded file. One source may carry several
/// runners (<c>--runners N</c> with the simulator). Readings have no seq yet: the outbox assigns it when it stores them.
/// </summary>
internal interface IReadingSource : IAsyncDisposable
{
    /// <summary>The runners this source feeds, by index; names are what each runner joins the session as.</summary>
    IReadOnlyList<string> RunnerNames { get; }

    /// <summary>Readings in observation order per runner, until cancelled or (file sources) the end of the file.</summary>
    IAsyncEnumerable<SourceReading> ReadAsync(CancellationToken cancellationToken);

    /// <summary>A sensor connected, dropped, reconnected or reported its battery.</summary>
    event EventHandler<SensorStatusChanged>? SensorStatusChanged;
}
