using MindMuscle.Live.Core.Runners;

namespace MindMuscle.Live.Relay.Ble.Simulated;

/// <summary>
/// A BLE adapter surrounded by virtual runners. Each runner wears an HR strap (0x180D: 0x2A37 at 1 Hz with RR intervals,
/// 0x2A38 chest), a footpod (0x1814: 0x2A53 + vendor running dynamics at 2 Hz) and a power pod (0x1818: 0x2A63 at 1 Hz),
/// each with a battery (0x180F/0x2A19, notified on change). Payloads are real encoded GATT bytes from a seeded
/// <see cref="RunnerModel"/>; a scenario's sensor drop takes the device out of range (DeviceConnectionLost) until it ends.
/// </summary>
/// <remarks>
/// Time comes only from the <see cref="TimeProvider"/>: run time is "now − construction time", and every 500 ms tick is
/// processed exactly once even when the timer fires late or a fake clock jumps, so the same seeds give the same bytes
/// with the same timestamps whatever the scheduling. Events are raised outside the adapter's lock, in tick order.
/// </remarks>
internal sealed class SimulatedBleAdapter : IBleAdapter
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _start;
    private readonly ITimer _timer;
    private readonly RunnerState[] _runners;
    private readonly List<SimulatedBleDevice> _devices = [];
    private long _lastTick;
    private HashSet<Guid>? _scanFilter;
    private TaskCompletionSource? _scanStopped;
    private bool _disposed;

    public SimulatedBleAdapter(IReadOnlyList<SimulatedRunnerSpec> runners, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(runners);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _start = time.GetUtcNow();
        _runners = new RunnerState[runners.Count];
        for (var i = 0; i < runners.Count; i++)
        {
            var spec = runners[i];
            var model = new RunnerModel(spec.Scenario, spec.Seed, spec.Profile);
            var first = model.At(TimeSpan.Zero);
            _runners[i] = new RunnerState(model, CreateDevices(i, spec, first), first);
            _devices.AddRange(_runners[i].Devices);
        }

        _timer = time.CreateTimer(_ => OnTimer(), null, TickInterval, TickInterval);
    }

    public event EventHandler<BleDeviceEventArgs>? DeviceDiscovered;

    public event EventHandler<BleDeviceEventArgs>? DeviceConnected;

    public event EventHandler<BleDeviceEventArgs>? DeviceDisconnected;

    public event EventHandler<BleDeviceEventArgs>? DeviceConnectionLost;

    /// <summary>All virtual sensors, three per runner (HR, footpod, power), in runner order.</summary>
    public IReadOnlyList<SimulatedBleDevice> Devices => _devices;

    /// <summary>When run time 0 was.</summary>
    public DateTimeOffset StartedAt => _start;

    public IReadOnlyList<IBleDevice> ConnectedDevices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Where(d => d.State == BleDeviceState.Connected)];
            }
        }
    }

    public async Task StartScanningForDevicesAsync(IReadOnlyCollection<Guid> serviceUuids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUuids);
        Catch();
        List<Action> raise = [];
        TaskCompletionSource stopped;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _scanFilter = [.. serviceUuids];
            _scanStopped = stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var device in _devices.Where(d => d.InRange && Matches(d)))
            {
                raise.Add(() => DeviceDiscovered?.Invoke(this, new BleDeviceEventArgs(device)));
            }
        }

        Raise(raise);

        // Scanning ends when cancelled or stopped; neither is an error (Plugin.BLE returns normally too).
        using var registration = cancellationToken.Register(() => stopped.TrySetResult());
        await stopped.Task;
        lock (_gate)
        {
            if (ReferenceEquals(_scanStopped, stopped))
            {
                _scanFilter = null;
                _scanStopped = null;
            }
        }
    }

    public Task StopScanningForDevicesAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? stopped;
        lock (_gate)
        {
            stopped = _scanStopped;
            _scanFilter = null;
            _scanStopped = null;
        }

        stopped?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task ConnectToDeviceAsync(IBleDevice device, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var simulated = Own(device);
        Catch();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!simulated.InRange)
            {
                throw new BleDeviceConnectionException($"{simulated} is out of range.");
            }

            if (simulated.State == BleDeviceState.Connected)
            {
                return Task.CompletedTask;
            }

            simulated.SetState(BleDeviceState.Connected);
        }

        DeviceConnected?.Invoke(this, new BleDeviceEventArgs(simulated));
        return Task.CompletedTask;
    }

    public Task DisconnectDeviceAsync(IBleDevice device, CancellationToken cancellationToken)
    {
        var simulated = Own(device);
        lock (_gate)
        {
            if (simulated.State == BleDeviceState.Disconnected)
            {
                return Task.CompletedTask;
            }

            Drop(simulated);
        }

        DeviceDisconnected?.Invoke(this, new BleDeviceEventArgs(simulated));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        TaskCompletionSource? stopped;
        lock (_gate)
        {
            _disposed = true;
            stopped = _scanStopped;
            _scanStopped = null;
        }

        stopped?.TrySetResult();
        return _timer.DisposeAsync();
    }

    private void OnTimer()
    {
        try
        {
            Catch();
        }
        catch (ObjectDisposedException)
        {
            // The timer raced disposal; nothing left to simulate.
        }
    }

    /// <summary>Processes every tick due by now, once each, then raises the events they produced.</summary>
    private void Catch()
    {
        List<Action> raise = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var due = (_time.GetUtcNow() - _start).Ticks / TickInterval.Ticks;
            while (_lastTick < due)
            {
                _lastTick++;
                ProcessTick(_lastTick, raise);
            }
        }

        Raise(raise);
    }

    private void ProcessTick(long tick, List<Action> raise)
    {
        var runTime = TimeSpan.FromTicks(tick * TickInterval.Ticks);
        var at = _start + runTime;
        var secondTick = tick % 2 == 0;
        foreach (var runner in _runners)
        {
            var vitals = runner.Model.At(runTime);
            runner.PendingRr.AddRange(vitals.RrIntervalsMs);
            foreach (var device in runner.Devices)
            {
                var reachable = vitals.IsConnected(device.Sensor);
                if (!reachable && device.InRange)
                {
                    device.InRange = false;
                    if (device.State != BleDeviceState.Disconnected)
                    {
                        Drop(device);
                        raise.Add(() => DeviceConnectionLost?.Invoke(this, new BleDeviceEventArgs(device)));
                    }
                }
                else if (reachable && !device.InRange)
                {
                    device.InRange = true;
                    if (_scanFilter is not null && Matches(device))
                    {
                        raise.Add(() => DeviceDiscovered?.Invoke(this, new BleDeviceEventArgs(device)));
                    }
                }

                var connected = device.State == BleDeviceState.Connected;
                switch (device.Sensor)
                {
                    case RunnerSensor.HeartRate when secondTick:
                        var hr = GattPayloadCodec.EncodeHeartRate((int)Math.Round(vitals.HeartRateBpm), vitals.SensorContact, [.. runner.PendingRr]);
                        runner.PendingRr.Clear();
                        Add(raise, device.Characteristic(BleUuids.HeartRateMeasurement).Update(hr, at, connected));
                        break;
                    case RunnerSensor.Footpod:
                        var rsc = GattPayloadCodec.EncodeRsc(vitals.SpeedMps, vitals.CadenceSpm, vitals.StrideLengthM, vitals.DistanceM);
                        var dynamics = GattPayloadCodec.EncodeRunningDynamics(vitals.GroundContactMs, vitals.VerticalOscillationCm, vitals.GctBalanceLeftPct);
                        Add(raise, device.Characteristic(BleUuids.RscMeasurement).Update(rsc, at, connected));
                        Add(raise, device.Characteristic(BleUuids.RunningDynamics).Update(dynamics, at, connected));
                        break;
                    case RunnerSensor.Power when secondTick:
                        Add(raise, device.Characteristic(BleUuids.CyclingPowerMeasurement).Update(GattPayloadCodec.EncodePower(vitals.PowerW), at, connected));
                        break;
                    default:
                        break;
                }

                var battery = vitals.BatteryPct(device.Sensor);
                var batteryCharacteristic = device.Characteristic(BleUuids.BatteryLevel);
                if (runner.LastBattery[(int)device.Sensor] != battery)
                {
                    runner.LastBattery[(int)device.Sensor] = battery;
                    Add(raise, batteryCharacteristic.Update(GattPayloadCodec.EncodeBattery(battery), at, connected));
                }
            }
        }
    }

    private static void Add(List<Action> raise, Action? action)
    {
        if (action is not null)
        {
            raise.Add(action);
        }
    }

    private static void Raise(List<Action> raise)
    {
        foreach (var action in raise)
        {
            action();
        }
    }

    private static void Drop(SimulatedBleDevice device)
    {
        device.SetState(BleDeviceState.Disconnected);
        foreach (var characteristic in device.Services.SelectMany(s => s.Characteristics))
        {
            characteristic.ResetSubscription();
        }
    }

    private bool Matches(SimulatedBleDevice device) =>
        _scanFilter is { Count: > 0 } filter ? device.AdvertisedServices.Any(filter.Contains) : _scanFilter is not null;

    private SimulatedBleDevice Own(IBleDevice device) =>
        device is SimulatedBleDevice simulated && _devices.Contains(simulated)
            ? simulated
            : throw new ArgumentException("Not a device of this simulated adapter.", nameof(device));

    private static SimulatedBleDevice[] CreateDevices(int index, SimulatedRunnerSpec spec, RunnerVitals first)
    {
        // RSSI differs per runner and sensor but is fixed for a seed: scans list the same values every run.
        int Rssi(RunnerSensor sensor) => -50 - (int)(unchecked((uint)((spec.Seed * 7919) + ((int)sensor * 104729))) % 30);
        var hr = new SimulatedBleDevice(index, RunnerSensor.HeartRate, $"Sim HR {spec.Name}", Rssi(RunnerSensor.HeartRate));
        var hrService = hr.AddService(BleUuids.HeartRateService);
        hrService.Add(BleUuids.HeartRateMeasurement, canRead: false, canUpdate: true);
        hrService.Add(BleUuids.BodySensorLocation, canRead: true, canUpdate: false, GattPayloadCodec.EncodeBodySensorLocation(1));

        var footpod = new SimulatedBleDevice(index, RunnerSensor.Footpod, $"Sim Footpod {spec.Name}", Rssi(RunnerSensor.Footpod));
        var rsc = footpod.AddService(BleUuids.RunningSpeedAndCadenceService);
        rsc.Add(BleUuids.RscMeasurement, canRead: false, canUpdate: true);
        rsc.Add(BleUuids.RunningDynamics, canRead: false, canUpdate: true);

        var power = new SimulatedBleDevice(index, RunnerSensor.Power, $"Sim Power {spec.Name}", Rssi(RunnerSensor.Power));
        power.AddService(BleUuids.CyclingPowerService).Add(BleUuids.CyclingPowerMeasurement, canRead: false, canUpdate: true);

        SimulatedBleDevice[] devices = [hr, footpod, power];
        foreach (var device in devices)
        {
            device.AddService(BleUuids.BatteryService)
                .Add(BleUuids.BatteryLevel, canRead: true, canUpdate: true, GattPayloadCodec.EncodeBattery(first.BatteryPct(device.Sensor)));
            device.InRange = first.IsConnected(device.Sensor);
        }

        return devices;
    }

    private sealed class RunnerState(RunnerModel model, SimulatedBleDevice[] devices, RunnerVitals first)
    {
        public RunnerModel Model { get; } = model;

        public SimulatedBleDevice[] Devices { get; } = devices;

        public List<double> PendingRr { get; } = [];

        /// <summary>Battery levels last set on the characteristic (readable from the start), so only a change notifies.</summary>
        public int[] LastBattery { get; } = [.. devices.Select(d => first.BatteryPct(d.Sensor))];
    }
}
