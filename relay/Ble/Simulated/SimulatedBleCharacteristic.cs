namespace MindMuscle.Live.Relay.Ble.Simulated;

/// <summary>A characteristic of a virtual sensor. Notifications reach <see cref="ValueUpdated"/> only while updating and connected.</summary>
internal sealed class SimulatedBleCharacteristic : IBleCharacteristic
{
    private readonly Lock _gate = new();
    private byte[] _value = [];
    private bool _updating;

    internal SimulatedBleCharacteristic(Guid id, SimulatedBleService service, bool canRead, bool canUpdate, byte[]? initialValue = null)
    {
        Id = id;
        Service = service;
        CanRead = canRead;
        CanUpdate = canUpdate;
        _value = initialValue ?? [];
    }

    public event EventHandler<BleValueUpdatedEventArgs>? ValueUpdated;

    public Guid Id { get; }

    public IBleService Service { get; }

    public bool CanRead { get; }

    public bool CanUpdate { get; }

    internal bool IsUpdating
    {
        get
        {
            lock (_gate)
            {
                return _updating;
            }
        }
    }

    private SimulatedBleDevice Device => (SimulatedBleDevice)Service.Device;

    public Task<byte[]> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Device.ThrowIfNotConnected("read");
        if (!CanRead)
        {
            throw new InvalidOperationException($"Characteristic {BleUuids.Format(Id)} is not readable.");
        }

        lock (_gate)
        {
            return Task.FromResult(_value.ToArray());
        }
    }

    public Task StartUpdatesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Device.ThrowIfNotConnected("start notifications");
        if (!CanUpdate)
        {
            throw new InvalidOperationException($"Characteristic {BleUuids.Format(Id)} does not notify.");
        }

        lock (_gate)
        {
            _updating = true;
        }

        return Task.CompletedTask;
    }

    public Task StopUpdatesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _updating = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>Sets the value; returns the notification to raise (outside the adapter's lock) when someone listens.</summary>
    internal Action? Update(byte[] value, DateTimeOffset at, bool connected)
    {
        lock (_gate)
        {
            _value = value;
            if (!_updating || !connected)
            {
                return null;
            }
        }

        var args = new BleValueUpdatedEventArgs(this, value.ToArray(), at);
        return () => ValueUpdated?.Invoke(this, args);
    }

    /// <summary>A dropped link ends notifications: like a real peripheral, they must be started again after a reconnect.</summary>
    internal void ResetSubscription()
    {
        lock (_gate)
        {
            _updating = false;
        }
    }
}
