namespace MindMuscle.Live.Relay.Ble.Simulated;

internal sealed class SimulatedBleService : IBleService
{
    private readonly List<SimulatedBleCharacteristic> _characteristics = [];

    internal SimulatedBleService(Guid id, SimulatedBleDevice device)
    {
        Id = id;
        Device = device;
    }

    public Guid Id { get; }

    public IBleDevice Device { get; }

    internal IReadOnlyList<SimulatedBleCharacteristic> Characteristics => _characteristics;

    public Task<IReadOnlyList<IBleCharacteristic>> GetCharacteristicsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ((SimulatedBleDevice)Device).ThrowIfNotConnected("discover characteristics");
        return Task.FromResult<IReadOnlyList<IBleCharacteristic>>([.. _characteristics]);
    }

    public async Task<IBleCharacteristic?> GetCharacteristicAsync(Guid id, CancellationToken cancellationToken) =>
        (await GetCharacteristicsAsync(cancellationToken)).FirstOrDefault(c => c.Id == id);

    internal SimulatedBleCharacteristic Add(Guid id, bool canRead, bool canUpdate, byte[]? initialValue = null)
    {
        var characteristic = new SimulatedBleCharacteristic(id, this, canRead, canUpdate, initialValue);
        _characteristics.Add(characteristic);
        return characteristic;
    }
}
