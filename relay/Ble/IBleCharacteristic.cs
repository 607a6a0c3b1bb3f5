namespace MindMuscle.Live.Relay.Ble;

internal interface IBleCharacteristic
{
    Guid Id { get; }

    IBleService Service { get; }

    bool CanRead { get; }

    bool CanUpdate { get; }

    /// <summary>A notification or indication arrived. Subscribe before <see cref="StartUpdatesAsync"/>.</summary>
    event EventHandler<BleValueUpdatedEventArgs>? ValueUpdated;

    Task<byte[]> ReadAsync(CancellationToken cancellationToken);

    Task StartUpdatesAsync(CancellationToken cancellationToken);

    Task StopUpdatesAsync(CancellationToken cancellationToken);
}
