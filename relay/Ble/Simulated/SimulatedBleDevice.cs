using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Relay.Ble.Simulated;

/// <summary>One virtual sensor (HR strap, footpod or power pod) of a simulated runner.</summary>
internal sealed class SimulatedBleDevice : IBleDevice
{
    private readonly List<SimulatedBleService> _services = [];
    private volatile BleDeviceState _state;
    private volatile bool _inRange = true;

    internal SimulatedBleDevice(int runnerIndex, RunnerSensor sensor, string name, int rssi)
    {
        RunnerIndex = runnerIndex;
        Sensor = sensor;
        Name = name;
        Rssi = rssi;
        Address = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"C0:FF:EE:{(runnerIndex >> 8) & 0xFF:X2}:{runnerIndex & 0xFF:X2}:{(int)sensor + 1:X2}");
        Id = new Guid($"00000000-0000-0000-0000-{Address.Replace(":", "", StringComparison.Ordinal)}");
        var primary = sensor switch
        {
            RunnerSensor.HeartRate => BleUuids.HeartRateService,
            RunnerSensor.Footpod => BleUuids.RunningSpeedAndCadenceService,
            _ => BleUuids.CyclingPowerService,
        };
        AdvertisedServices = [primary, BleUuids.BatteryService];
    }

    public Guid Id { get; }

    public string Name { get; }

    public string Address { get; }

    public int Rssi { get; }

    public BleDeviceState State => _state;

    public IReadOnlyCollection<Guid> AdvertisedServices { get; }

    /// <summary>Which simulated runner wears this sensor (the simulated source maps devices to runners by it).</summary>
    public int RunnerIndex { get; }

    public RunnerSensor Sensor { get; }

    /// <summary>False while the scenario has this sensor dropped: it neither advertises nor accepts connections.</summary>
    internal bool InRange
    {
        get => _inRange;
        set => _inRange = value;
    }

    internal IReadOnlyList<SimulatedBleService> Services => _services;

    public Task<IReadOnlyList<IBleService>> GetServicesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfNotConnected("discover services");
        return Task.FromResult<IReadOnlyList<IBleService>>([.. _services]);
    }

    public async Task<IBleService?> GetServiceAsync(Guid id, CancellationToken cancellationToken) =>
        (await GetServicesAsync(cancellationToken)).FirstOrDefault(s => s.Id == id);

    internal void SetState(BleDeviceState state) => _state = state;

    internal SimulatedBleService AddService(Guid id)
    {
        var service = new SimulatedBleService(id, this);
        _services.Add(service);
        return service;
    }

    internal SimulatedBleCharacteristic Characteristic(Guid id) =>
        _services.SelectMany(s => s.Characteristics).First(c => c.Id == id);

    internal void ThrowIfNotConnected(string operation)
    {
        if (_state != BleDeviceState.Connected)
        {
            throw new BleDeviceConnectionException($"Cannot {operation}: {Name} ({Address}) is not connected.");
        }
    }

    public override string ToString() => $"{Name} ({Address})";
}
