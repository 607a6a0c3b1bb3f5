using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>BlueZ's object tree: the devices it knows, and the D-Bus signals that add devices or change their state.</summary>
internal sealed partial class BlueZAdapter
{
    private async Task InitializeAsync(ManagedObjects objects)
    {
        // Subscribe first, then register what exists: a device appearing in between is seen twice, never missed.
        var added = await _bus.WatchInterfacesAddedAsync(OnInterfacesAdded);
        var changed = await _bus.WatchPropertiesUnderAsync(AdapterPath, OnPropertiesChanged);
        lock (_gate)
        {
            _subscriptions.Add(added);
            _subscriptions.Add(changed);
        }

        foreach (var (path, interfaces) in objects)
        {
            if (interfaces.TryGetValue(BlueZBus.Device1, out var props))
            {
                Register(path, props);
            }
        }
    }

    private BlueZDevice Register(string path, Dictionary<string, VariantValue> props)
    {
        lock (_gate)
        {
            if (!_devices.TryGetValue(path, out var device))
            {
                device = new BlueZDevice(_bus, _time, path, props);
                _devices[path] = device;
            }

            return device;
        }
    }

    private void OnInterfacesAdded(string path, Dictionary<string, Dictionary<string, VariantValue>> interfaces)
    {
        if (!path.StartsWith(AdapterPath + "/", StringComparison.Ordinal) || !interfaces.TryGetValue(BlueZBus.Device1, out var props))
        {
            return;
        }

        var device = Register(path, props);
        ReportIfMatching(device);
    }

    private void OnPropertiesChanged(string path, PropertiesChange change)
    {
        if (change.Interface != BlueZBus.Device1)
        {
            return;
        }

        BlueZDevice? device;
        lock (_gate)
        {
            _devices.TryGetValue(path, out device);
        }

        if (device is null)
        {
            return;
        }

        var (linkDown, _, uuidsChanged) = device.Apply(change);
        if (linkDown)
        {
            var wasUp = device.State != BleDeviceState.Disconnected;
            device.ReleaseCharacteristics();
            device.SetState(BleDeviceState.Disconnected);
            if (device.DisconnectRequested)
            {
                return;
            }

            if (wasUp)
            {
                LogConnectionLost(_logger, device.Name, device.Address);
                DeviceConnectionLost?.Invoke(this, new BleDeviceEventArgs(device));
            }
        }

        if (uuidsChanged || change.Changed.ContainsKey("RSSI"))
        {
            ReportIfMatching(device);
        }
    }

    private void ReportIfMatching(BlueZDevice device)
    {
        lock (_gate)
        {
            if (_scanFilter is not { } filter || _reportedThisScan is not { } reported)
            {
                return;
            }

            var services = device.AdvertisedServices;
            if ((filter.Count > 0 && !services.Any(filter.Contains)) || !reported.Add(device.Path))
            {
                return;
            }
        }

        DeviceDiscovered?.Invoke(this, new BleDeviceEventArgs(device));
    }
}
