namespace MindMuscle.Live.Relay.Ble;

internal interface IBleService
{
    Guid Id { get; }

    IBleDevice Device { get; }

    Task<IReadOnlyList<IBleCharacteristic>> GetCharacteristicsAsync(CancellationToken cancellationToken);

    Task<IBleCharacteristic?> GetCharacteristicAsync(Guid id, CancellationToken cancellationToken);
}
