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
