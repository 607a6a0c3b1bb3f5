namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>An org.bluez.GattService1 object and its characteristics as resolved when the services were listed.</summary>
internal sealed class BlueZService : IBleService
{
    private readonly List<BlueZCharacteristic> _characteristics = [];

    internal BlueZService(string path, Guid id, BlueZDevice device)
    {
        Path = path;
        Id = id;
        Device = device;
    }

    public Guid Id { get; }

    public string Path { get; }

    public IBleDevice Device { get; }

    public Task<IReadOnlyList<IBleCharacteristic>> GetCharacteristicsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IBleCharacteristic>>([.. _characteristics]);

    public Task<IBleCharacteristic?> GetCharacteristicAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult<IBleCharacteristic?>(_characteristics.FirstOrDefault(c => c.Id == id));

    internal void Add(BlueZCharacteristic characteristic) => _characteristics.Add(characteristic);
}
