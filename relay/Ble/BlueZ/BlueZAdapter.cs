using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>
/// The BLE adapter on Linux: BlueZ over D-Bus (org.bluez Adapter1, Device1, GattService1, GattCharacteristic1).
/// Discovery is filtered to the requested service UUIDs over LE; a connect waits for ServicesResolved; a Device1
/// <c>Connected=false</c> that nobody asked for raises <see cref="DeviceConnectionLost"/> (the reading source reconnects).
/// </summary>
internal sealed partial class BlueZAdapter : IBleAdapter
{
    private readonly BlueZBus _bus;
    private readonly BlueZOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BlueZDevice> _devices = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private HashSet<Guid>? _scanFilter;
    private HashSet<string>? _reportedThisScan;
    private TaskCompletionSource? _scanStopped;

    private BlueZAdapter(BlueZBus bus, string adapterPath, BlueZOptions options, TimeProvider time, ILogger logger)
    {
        _bus = bus;
        AdapterPath = adapterPath;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public event EventHandler<BleDeviceEventArgs>? DeviceDiscovered;

    public event EventHandler<BleDeviceEventArgs>? DeviceConnected;

    public event EventHandler<BleDeviceEventArgs>? DeviceDisconnected;

    public event EventHandler<BleDeviceEventArgs>? DeviceConnectionLost;

    /// <summary>The BlueZ adapter object in use, e.g. /org/bluez/hci0.</summary>
    public string AdapterPath { get; }

    public IReadOnlyList<IBleDevice> ConnectedDevices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Values.Where(d => d.State == BleDeviceState.Connected)];
            }
        }
    }

    /// <summary>Every device BlueZ knows under this adapter (cached or discovered).</summary>
    public IReadOnlyList<BlueZDevice> KnownDevices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Values];
            }
        }
    }

    /// <summary>Connects to the bus, finds the adapter and the devices BlueZ already knows.</summary>
    /// <exception cref="BlueZUnavailableException">No bus, no BlueZ, or no adapter; the message says what to do.</exception>
    public static async Task<BlueZAdapter> ConnectAsync(BlueZOptions options, TimeProvider time, ILogger<BlueZAdapter>? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var address = options.BusAddress ?? DBusAddress.System;
        if (string.IsNullOrEmpty(address))
        {
            throw new BlueZUnavailableException(
                "No D-Bus system bus address. Run on Linux with BlueZ (bluetoothd) and a system bus, or set DBUS_SYSTEM_BUS_ADDRESS.");
        }

        var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DBusExceptionBase or IOException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw new BlueZUnavailableException(
                $"Cannot connect to the D-Bus system bus at {address}: {ex.Message}. Is dbus running (systemctl status dbus)? " +
                "In a container, mount /run/dbus/system_bus_socket.", ex);
        }

        var bus = new BlueZBus(connection, options.ServiceName);
        ManagedObjects objects;
        try
        {
            objects = await bus.GetManagedObjectsAsync().WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase ex)
        {
            connection.Dispose();
            throw new BlueZUnavailableException(
                $"BlueZ ({options.ServiceName}) does not answer on the system bus: {ex.Message}. Install and start it: " +
                "sudo apt install bluez && sudo systemctl enable --now bluetooth.", ex);
        }

        var adapterPath = options.AdapterPath ?? objects.Where(o => o.Value.ContainsKey(BlueZBus.Adapter1)).Select(o => o.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (adapterPath is null || !objects.TryGetValue(adapterPath, out var adapterObject) || !adapterObject.ContainsKey(BlueZBus.Adapter1))
        {
            connection.Dispose();
            throw new BlueZUnavailableException(
                adapterPath is null
                    ? "BlueZ is running but has no Bluetooth adapter. Plug in a Bluetooth 4.0+ (LE) dongle, check `rfkill list` and `bluetoothctl list`."
                    : $"BlueZ has no adapter at {adapterPath}. See `bluetoothctl list`.");
        }

        var adapter = new BlueZAdapter(bus, adapterPath, options, time, (ILogger?)logger ?? NullLogger.Instance);
        try
        {
            await adapter.InitializeAsync(objects);
        }
        catch
        {
            await adapter.DisposeAsync();
            throw;
        }

        return adapter;
    }

    public async Task StartScanningForDevicesAsync(IReadOnlyCollection<Guid> serviceUuids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUuids);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _scanFilter = [.. serviceUuids];
            _reportedThisScan = new HashSet<string>(StringComparer.Ordinal);
            _scanStopped = stopped;
        }

        try
        {
            await _bus.SetDiscoveryFilterAsync(AdapterPath, serviceUuids).WaitAsync(cancellationToken);
            await _bus.StartDiscoveryAsync(AdapterPath).WaitAsync(cancellationToken);
        }
        catch (DBusErrorReplyException ex) when (ex.ErrorName != "org.bluez.Error.InProgress")
        {
            EndScan(stopped);
            throw new BleDeviceConnectionException($"Discovery on {AdapterPath} failed: {ex.ErrorName}: {ex.ErrorMessage}", ex);
        }
        catch (OperationCanceledException)
        {
            EndScan(stopped);
            return;
        }

        LogScanning(_logger, AdapterPath, string.Join(",", serviceUuids.Select(BleUuids.Format)));
        foreach (var device in KnownDevices)
        {
            ReportIfMatching(device);
        }

        // Scanning ends when cancelled or stopped; neither is an error (as in Plugin.BLE).
        using (cancellationToken.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }

        EndScan(stopped);
        try
        {
            await _bus.StopDiscoveryAsync(AdapterPath);
        }
        catch (DBusExceptionBase ex)
        {
            LogStopDiscoveryFailed(_logger, AdapterPath, ex.Message);
        }
    }

    public Task StopScanningForDevicesAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? stopped;
        lock (_gate)
        {
            stopped = _scanStopped;
        }

        stopped?.TrySetResult();
        return Task.CompletedTask;
    }

    public async Task ConnectToDeviceAsync(IBleDevice device, CancellationToken cancellationToken)
    {
        var bluez = Own(device);
        bluez.DisconnectRequested = false;
        bluez.SetState(BleDeviceState.Connecting);
        var resolved = bluez.ServicesResolvedAsync();
        try
        {
            await _bus.ConnectAsync(bluez.Path).WaitAsync(cancellationToken);
        }
        catch (DBusErrorReplyException ex) when (ex.ErrorName == "org.bluez.Error.AlreadyConnected")
        {
            // Someone else (or an earlier attempt) connected it: fine.
        }
        catch (DBusExceptionBase ex)
        {
            bluez.SetState(BleDeviceState.Disconnected);
            throw new BleDeviceConnectionException($"Connect to {bluez} failed: {ex.Message}", ex);
        }
        catch (OperationCanceledException)
        {
            bluez.SetState(BleDeviceState.Disconnected);
            throw;
        }

        try
        {
            await resolved.WaitAsync(_options.ServicesResolvedTimeout, _time, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            bluez.SetState(BleDeviceState.Disconnected);
            await TryDisconnectAsync(bluez);
            throw new BleDeviceConnectionException($"{bluez} connected but its GATT services did not resolve within {_options.ServicesResolvedTimeout.TotalSeconds:0} s.", ex);
        }
        catch (OperationCanceledException)
        {
            bluez.SetState(BleDeviceState.Disconnected);
            throw;
        }

        bluez.SetState(BleDeviceState.Connected);
        LogConnected(_logger, bluez.Name, bluez.Address);
        DeviceConnected?.Invoke(this, new BleDeviceEventArgs(bluez));
    }

    public async Task DisconnectDeviceAsync(IBleDevice device, CancellationToken cancellationToken)
    {
        var bluez = Own(device);
        bluez.DisconnectRequested = true;
        bluez.ReleaseCharacteristics();
        try
        {
            await _bus.DisconnectAsync(bluez.Path).WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase ex)
        {
            LogDisconnectFailed(_logger, bluez.Address, ex.Message);
        }

        if (bluez.State != BleDeviceState.Disconnected)
        {
            bluez.SetState(BleDeviceState.Disconnected);
            DeviceDisconnected?.Invoke(this, new BleDeviceEventArgs(bluez));
        }
    }

    public ValueTask DisposeAsync()
    {
        IDisposable[] subscriptions;
        TaskCompletionSource? stopped;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
            stopped = _scanStopped;
        }

        stopped?.TrySetResult();
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        _bus.Connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private void EndScan(TaskCompletionSource stopped)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_scanStopped, stopped))
            {
                _scanFilter = null;
                _reportedThisScan = null;
                _scanStopped = null;
            }
        }
    }

    private async Task TryDisconnectAsync(BlueZDevice device)
    {
        try
        {
            device.DisconnectRequested = true;
            await _bus.DisconnectAsync(device.Path);
        }
        catch (DBusExceptionBase ex)
        {
            LogDisconnectFailed(_logger, device.Address, ex.Message);
        }
    }

    private BlueZDevice Own(IBleDevice device)
    {
        lock (_gate)
        {
            return device is BlueZDevice bluez && _devices.TryGetValue(bluez.Path, out var own) && ReferenceEquals(own, bluez)
                ? bluez
                : throw new ArgumentException("Not a device of this BlueZ adapter.", nameof(device));
        }
    }
}
