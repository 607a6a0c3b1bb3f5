using Tmds.DBus.Protocol;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

/// <summary>An org.bluez.GattCharacteristic1 object. Notifications arrive as PropertiesChanged of its <c>Value</c>.</summary>
internal sealed class BlueZCharacteristic : IBleCharacteristic
{
    private readonly BlueZBus _bus;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private IDisposable? _subscription;

    internal BlueZCharacteristic(BlueZBus bus, TimeProvider time, string path, Guid id, string[] flags, BlueZService service)
    {
        _bus = bus;
        _time = time;
        Path = path;
        Id = id;
        Service = service;
        CanRead = flags.Contains("read", StringComparer.Ordinal);
        CanUpdate = flags.Contains("notify", StringComparer.Ordinal) || flags.Contains("indicate", StringComparer.Ordinal);
    }

    public event EventHandler<BleValueUpdatedEventArgs>? ValueUpdated;

    public Guid Id { get; }

    public string Path { get; }

    public IBleService Service { get; }

    public bool CanRead { get; }

    public bool CanUpdate { get; }

    public async Task<byte[]> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _bus.ReadValueAsync(Path).WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase ex)
        {
            throw new BleDeviceConnectionException($"ReadValue on {Path} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Subscribes to PropertiesChanged on this path first, then calls StartNotify, so no early notification is missed.</summary>
    public async Task StartUpdatesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var subscription = await _bus.WatchPropertiesAsync(Path, OnPropertiesChanged);
        IDisposable? previous;
        lock (_gate)
        {
            previous = _subscription;
            _subscription = subscription;
        }

        previous?.Dispose();
        try
        {
            await _bus.StartNotifyAsync(Path).WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase ex)
        {
            Release();
            throw new BleDeviceConnectionException($"StartNotify on {Path} failed: {ex.Message}", ex);
        }
    }

    public async Task StopUpdatesAsync(CancellationToken cancellationToken)
    {
        Release();
        try
        {
            await _bus.StopNotifyAsync(Path).WaitAsync(cancellationToken);
        }
        catch (DBusExceptionBase)
        {
            // Already stopped or disconnected: BlueZ ends notifications with the link anyway.
        }
    }

    /// <summary>Drops the signal subscription (the link went down; a reconnect starts notifications again).</summary>
    internal void Release()
    {
        IDisposable? subscription;
        lock (_gate)
        {
            subscription = _subscription;
            _subscription = null;
        }

        subscription?.Dispose();
    }

    private void OnPropertiesChanged(PropertiesChange change)
    {
        if (change.Interface != BlueZBus.GattCharacteristic1 || BlueZProperties.Bytes(change.Changed, "Value") is not { } value)
        {
            return;
        }

        ValueUpdated?.Invoke(this, new BleValueUpdatedEventArgs(this, value, _time.GetUtcNow()));
    }
}
