namespace MindMuscle.Live.Relay.Ble;

/// <summary>
/// A BLE central, shaped like Plugin.BLE's <c>IAdapter</c> (which has no Linux backend and is not served here):
/// scan with a service filter, connect, and hear about devices coming and going.
/// Backends: BlueZ over D-Bus (<c>Ble/BlueZ</c>) and a simulator emitting real GATT payloads (<c>Ble/Simulated</c>).
/// </summary>
internal interface IBleAdapter : IAsyncDisposable
{
    event EventHandler<BleDeviceEventArgs>? DeviceDiscovered;

    event EventHandler<BleDeviceEventArgs>? DeviceConnected;

    event EventHandler<BleDeviceEventArgs>? DeviceDisconnected;

    /// <summary>The link dropped without a disconnect request (out of range, battery, sensor off).</summary>
    event EventHandler<BleDeviceEventArgs>? DeviceConnectionLost;

    IReadOnlyList<IBleDevice> ConnectedDevices { get; }

    /// <summary>Scans until <paramref name="cancellationToken"/> fires, raising <see cref="DeviceDiscovered"/> for devices offering any of <paramref name="serviceUuids"/>.</summary>
    Task StartScanningForDevicesAsync(IReadOnlyCollection<Guid> serviceUuids, CancellationToken cancellationToken);

    Task StopScanningForDevicesAsync(CancellationToken cancellationToken);

    Task ConnectToDeviceAsync(IBleDevice device, CancellationToken cancellationToken);

    Task DisconnectDeviceAsync(IBleDevice device, CancellationToken cancellationToken);
}

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

internal interface IBleService
{
    Guid Id { get; }

    IBleDevice Device { get; }

    Task<IReadOnlyList<IBleCharacteristic>> GetCharacteristicsAsync(CancellationToken cancellationToken);

    Task<IBleCharacteristic?> GetCharacteristicAsync(Guid id, CancellationToken cancellationToken);
}

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

internal enum BleDeviceState
{
    Disconnected = 0,
    Connecting = 1,
    Connected = 2,
}

internal sealed class BleDeviceEventArgs(IBleDevice device) : EventArgs
{
    public IBleDevice Device { get; } = device;
}

/// <summary>A value notification: a snapshot of the bytes (never a shared buffer) and when it arrived.</summary>
internal sealed class BleValueUpdatedEventArgs(IBleCharacteristic characteristic, byte[] value, DateTimeOffset receivedAt) : EventArgs
{
    public IBleCharacteristic Characteristic { get; } = characteristic;

    public byte[] Value { get; } = value;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;
}
