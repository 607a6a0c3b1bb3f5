using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>An org.bluez.Device1 object; its properties follow PropertiesChanged.</summary>
internal sealed class BlueZDevice : IBleDevice
{
    private readonly BlueZBus _bus;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VariantValue> _properties;
    private readonly List<BlueZCharacteristic> _handedOut = [];
    private TaskCompletionSource? _servicesResolved;
    private BleDeviceState _state;

    internal BlueZDevice(BlueZBus bus, TimeProvider time, string path, Dictionary<string, VariantValue> properties)
    {
        _bus = bus;
        _time = time;
        Path = path;
        _properties = new Dictionary<string, VariantValue>(properties, StringComparer.Ordinal);
        Address = BlueZProperties.String(properties, "Address") ?? path[(path.LastIndexOf('/') + 1)..].Replace("dev_", "", StringComparison.Ordinal).Replace('_', ':');
        Id = new Guid($"00000000-0000-0000-0000-{Address.Replace(":", "", StringComparison.Ordinal).PadLeft(12, '0')[..12]}");
    }

    public Guid Id { get; }

    /// <summary>The D-Bus object path, e.g. /org/bluez/hci0/dev_C0_FF_EE_00_00_01.</summary>
    public string Path { get; }

    public string Address { get; }

    public string Name
    {
        get
        {
            lock (_gate)
            {
                return BlueZProperties.String(_properties, "Name") ?? BlueZProperties.String(_properties, "Alias") ?? Address;
            }
        }
    }

    /// <summary>Last advertised signal strength; 0 when BlueZ has none (device cached, not seen in this scan).</summary>
    public int Rssi
    {
        get
        {
            lock (_gate)
            {
                return BlueZProperties.Int16(_properties, "RSSI") ?? 0;
            }
        }
    }

    public BleDeviceState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public IReadOnlyCollection<Guid> AdvertisedServices
    {
        get
        {
            lock (_gate)
            {
                return BlueZProperties.Uuids(_properties, "UUIDs");
            }
        }
    }

    internal bool IsConnectedOnBus
    {
        get
        {
            lock (_gate)
            {
                return BlueZProperties.Bool(_properties, "Connected") == true;
            }
        }
    }

    internal bool DisconnectRequested { get; set; }

    public async Task<IReadOnlyList<IBleService>> GetServicesAsync(CancellationToken cancellationToken)
    {
        if (State != BleDeviceState.Connected)
        {
            throw new BleDeviceConnectionException($"Cannot discover services: {Name} ({Address}) is not connected.");
        }

        ManagedObjects objects;
        try
        {
            objects = await _bus.GetManagedObjectsAsync().WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase ex)
        {
            throw new BleDeviceConnectionException($"Listing GATT services of {Address} failed: {ex.Message}", ex);
        }

        var services = new List<BlueZService>();
        foreach (var (path, interfaces) in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (interfaces.TryGetValue(BlueZBus.GattService1, out var props) && BlueZProperties.String(props, "Device") == Path
                && Guid.TryParse(BlueZProperties.String(props, "UUID"), out var uuid))
            {
                services.Add(new BlueZService(path, uuid, this));
            }
        }

        var created = new List<BlueZCharacteristic>();
        foreach (var (path, interfaces) in objects.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (interfaces.TryGetValue(BlueZBus.GattCharacteristic1, out var props)
                && services.FirstOrDefault(s => s.Path == BlueZProperties.String(props, "Service")) is { } service
                && Guid.TryParse(BlueZProperties.String(props, "UUID"), out var uuid))
            {
                var characteristic = new BlueZCharacteristic(_bus, _time, path, uuid, BlueZProperties.Strings(props, "Flags"), service);
                service.Add(characteristic);
                created.Add(characteristic);
            }
        }

        lock (_gate)
        {
            _handedOut.AddRange(created);
        }

        return services;
    }

    public async Task<IBleService?> GetServiceAsync(Guid id, CancellationToken cancellationToken) =>
        (await GetServicesAsync(cancellationToken)).FirstOrDefault(s => s.Id == id);

    public override string ToString() => $"{Name} ({Address})";

    /// <summary>Merges changed properties; returns whether the link went down and whether services just resolved.</summary>
    internal (bool LinkDown, bool Resolved, bool UuidsChanged) Apply(PropertiesChange change)
    {
        lock (_gate)
        {
            var wasConnected = BlueZProperties.Bool(_properties, "Connected") == true;
            foreach (var (name, value) in change.Changed)
            {
                _properties[name] = value;
            }

            foreach (var name in change.Invalidated)
            {
                _properties.Remove(name);
            }

            var connected = BlueZProperties.Bool(_properties, "Connected") == true;
            var resolved = connected && BlueZProperties.Bool(_properties, "ServicesResolved") == true;
            if (resolved)
            {
                _servicesResolved?.TrySetResult();
            }

            return (wasConnected && !connected, resolved, change.Changed.ContainsKey("UUIDs"));
        }
    }

    /// <summary>Completes when BlueZ reports Connected and ServicesResolved (now, or later).</summary>
    internal Task ServicesResolvedAsync()
    {
        lock (_gate)
        {
            if (BlueZProperties.Bool(_properties, "Connected") == true && BlueZProperties.Bool(_properties, "ServicesResolved") == true)
            {
                return Task.CompletedTask;
            }

            _servicesResolved ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _servicesResolved.Task;
        }
    }

    internal void SetState(BleDeviceState state)
    {
        lock (_gate)
        {
            _state = state;
            if (state != BleDeviceState.Connected && _servicesResolved is { Task.IsCompleted: true })
            {
                _servicesResolved = null;
            }
        }
    }

    /// <summary>The link is gone: notifications stop; characteristics handed out drop their subscriptions.</summary>
    internal void ReleaseCharacteristics()
    {
        BlueZCharacteristic[] handedOut;
        lock (_gate)
        {
            handedOut = [.. _handedOut];
            _handedOut.Clear();
            _servicesResolved = null;
        }

        foreach (var characteristic in handedOut)
        {
            characteristic.Release();
        }
    }
}
