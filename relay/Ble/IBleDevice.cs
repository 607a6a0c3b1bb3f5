namespace MindMuscle.Live.Relay.Ble;

internal interface IBleDevice
{
    /// <summary>Stable id of the device (BlueZ: derived from the address).</summary>
    Guid Id { get; }

    string Name { get; }

    /// <summary>Bluetooth address, e.g. "C0:FF:EE:00:00:01".</summary>
    string Address { get; }

    int Rssi { get; }

    BleDeviceState State { get; }

    /// <summary>Services offered (advertised or resolved).</summary>
    IReadOnlyCollection<Guid> AdvertisedServices { get; }

    Task<IReadOnlyList<IBleService>> GetServicesAsync(CancellationToken cancellationToken);

    Task<IBleService?> GetServiceAsync(Guid id, CancellationToken cancellationToken);
}
