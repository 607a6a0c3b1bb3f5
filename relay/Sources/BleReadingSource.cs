using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Gatt;
using MindMuscle.Live.Relay.Ble;

namespace MindMuscle.Live.Relay.Sources;

/// <summary>
/// Readings from BLE sensors through any <see cref="IBleAdapter"/> (BlueZ or the simulator). Scans for HR (0x180D),
/// RSC (0x1814) and power (0x1818) devices, gives each runner one sensor of each kind, subscribes to their
/// characteristics and decodes every notification through core/Gatt. A sensor that drops is reconnected with
/// exponential backoff, forever, while the others keep reading.
/// </summary>
/// <remarks>
/// Merge policy: one sample per notification (HR strap 1 Hz, footpod RSC and running dynamics 2 Hz each, power 1 Hz,
/// battery on change). Nothing is lost or resampled, every value keeps its own arrival time, and the hub's alert engine
/// takes medians over windows anyway; fields a notification does not carry stay null.
/// </remarks>
internal sealed partial class BleReadingSource : IReadingSource
{
    // How often at most a sensor's nulled-value count is re-announced on the status line while it keeps rising.
    private static readonly TimeSpan NulledStatusEvery = TimeSpan.FromSeconds(10);

    private static readonly Guid[] Subscribed =
        [BleUuids.HeartRateMeasurement, BleUuids.RscMeasurement, BleUuids.RunningDynamics, BleUuids.CyclingPowerMeasurement, BleUuids.BatteryLevel];

    private readonly Func<CancellationToken, Task<IBleAdapter>> _adapterFactory;
    private readonly Func<IBleDevice, int?> _assignRunner;
    private readonly ReadingSourceOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<SourceReading> _channel;
    private readonly Lock _gate = new();
    private readonly Dictionary<(int Runner, SensorKind Sensor), SensorLink> _links = [];
    private IBleAdapter? _adapter;
    private CancellationTokenSource? _scanCts;
    private CancellationToken _readingToken;
    private long _overflowed;
    private long _rejected;

    /// <param name="adapterFactory">Creates (connects) the adapter when reading starts; the source disposes it.</param>
    /// <param name="runnerNames">The runners this source feeds.</param>
    /// <param name="assignRunner">Which runner a discovered device belongs to, null to ignore it. A relay for one runner takes every sensor it finds.</param>
    /// <param name="options">Capacity, backoff, time, logging.</param>
    public BleReadingSource(
        Func<CancellationToken, Task<IBleAdapter>> adapterFactory,
        IReadOnlyList<string> runnerNames,
        Func<IBleDevice, int?> assignRunner,
        ReadingSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(adapterFactory);
        ArgumentNullException.ThrowIfNull(runnerNames);
        ArgumentNullException.ThrowIfNull(assignRunner);
        ArgumentNullException.ThrowIfNull(options);
        _adapterFactory = adapterFactory;
        RunnerNames = runnerNames;
        _assignRunner = assignRunner;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<BleReadingSource>();

        // Wait mode, but writers use TryWrite: notification handlers must never block the BLE stack. A full channel means
        // the outbox writer stalled for minutes; the reading is then counted in Overflowed and logged, never dropped silently.
        _channel = Channel.CreateBounded<SourceReading>(new BoundedChannelOptions(options.ChannelCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public event EventHandler<SensorStatusChanged>? SensorStatusChanged;

    public IReadOnlyList<string> RunnerNames { get; }

    /// <summary>Readings lost because the consumer did not keep up (see the channel comment).</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Notifications that could not be decoded (malformed payloads); skipped, never guessed.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public async IAsyncEnumerable<SourceReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var adapter = await _adapterFactory(cancellationToken);
        lock (_gate)
        {
            _adapter = adapter;
            _readingToken = stop.Token;
        }

        adapter.DeviceDiscovered += OnDeviceDiscovered;
        adapter.DeviceConnectionLost += OnDeviceConnectionLost;
        for (var runner = 0; runner < RunnerNames.Count; runner++)
        {
            foreach (var sensor in Enum.GetValues<SensorKind>())
            {
                Raise(new SensorStatusChanged(runner, sensor, SensorState.Searching, null, null));
            }
        }

        var scan = ScanAsync(adapter, stop.Token);
        try
        {
            while (await _channel.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_channel.Reader.TryRead(out var reading))
                {
                    yield return reading;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            adapter.DeviceDiscovered -= OnDeviceDiscovered;
            adapter.DeviceConnectionLost -= OnDeviceConnectionLost;
            SensorLink[] links;
            lock (_gate)
            {
                links = [.. _links.Values];
            }

            await Task.WhenAll(links.Select(l => l.Running).Append(scan)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        IBleAdapter? adapter;
        lock (_gate)
        {
            adapter = _adapter;
            _adapter = null;
        }

        if (adapter is not null)
        {
            await adapter.DisposeAsync();
        }
    }

    private async Task ScanAsync(IBleAdapter adapter, CancellationToken cancellationToken)
    {
        using var scanCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _scanCts = scanCts;
        }

        try
        {
            await adapter.StartScanningForDevicesAsync(BleUuids.SensorServices.ToArray(), scanCts.Token);
        }
        catch (OperationCanceledException)
        {
            // Reading ended.
        }
        catch (Exception ex) when (ex is BleDeviceConnectionException or InvalidOperationException)
        {
            LogScanFailed(_logger, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _scanCts = null;
            }
        }
    }

    private void OnDeviceDiscovered(object? sender, BleDeviceEventArgs e)
    {
        var device = e.Device;
        SensorKind? kind = device.AdvertisedServices.Contains(BleUuids.HeartRateService) ? SensorKind.HeartRate
            : device.AdvertisedServices.Contains(BleUuids.RunningSpeedAndCadenceService) ? SensorKind.Footpod
            : device.AdvertisedServices.Contains(BleUuids.CyclingPowerService) ? SensorKind.Power
            : null;
        if (kind is not { } sensor || _assignRunner(device) is not { } runner || runner < 0 || runner >= RunnerNames.Count)
        {
            return;
        }

        SensorLink link;
        IBleAdapter? adapter;
        bool allClaimed;
        lock (_gate)
        {
            adapter = _adapter;
            if (adapter is null || _links.ContainsKey((runner, sensor)))
            {
                return;
            }

            link = new SensorLink(runner, sensor, device);
            _links[(runner, sensor)] = link;
            allClaimed = _links.Count == RunnerNames.Count * Enum.GetValues<SensorKind>().Length;
        }

        LogClaimed(_logger, device.Name, device.Address, sensor, runner);
        link.Running = Task.Run(() => RunLinkAsync(adapter, link));
        if (allClaimed)
        {
            // Every runner has all three sensors: stop the radio's scanning duty, reconnects go to the known devices.
            lock (_gate)
            {
                _scanCts?.Cancel();
            }
        }
    }

    private void OnDeviceConnectionLost(object? sender, BleDeviceEventArgs e)
    {
        SensorLink? link;
        lock (_gate)
        {
            link = _links.Values.FirstOrDefault(l => l.Device.Id == e.Device.Id);
        }

        link?.SignalLost();
    }

    /// <summary>Keeps one sensor connected and subscribed, reconnecting with exponential backoff, until reading stops.</summary>
    private async Task RunLinkAsync(IBleAdapter adapter, SensorLink link)
    {
        // The link lives as long as reading does, not as long as scanning.
        var cancellationToken = _readingToken;
        var delay = _options.ReconnectInitialDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var lost = link.ArmLost();
            try
            {
                Raise(link, SensorState.Connecting);
                await adapter.ConnectToDeviceAsync(link.Device, cancellationToken);
                await SubscribeAsync(link, cancellationToken);
                Raise(link, SensorState.Connected);
                LogConnected(_logger, link.Device.Name, link.Sensor, link.Runner);
                delay = _options.ReconnectInitialDelay;
                await lost.WaitAsync(cancellationToken);
                link.Unsubscribe();
                LogLost(_logger, link.Device.Name, link.Sensor, link.Runner);
                Raise(link, SensorState.Lost);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is BleDeviceConnectionException or InvalidOperationException or TimeoutException)
            {
                link.Unsubscribe();
                LogConnectFailed(_logger, link.Device.Name, link.Sensor, link.Runner, delay.TotalSeconds, ex.Message);
                Raise(link, SensorState.Lost);
            }

            try
            {
                await Task.Delay(delay, _options.Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
        }

        link.Unsubscribe();
    }

    private async Task SubscribeAsync(SensorLink link, CancellationToken cancellationToken)
    {
        link.Unsubscribe();
        foreach (var service in await link.Device.GetServicesAsync(cancellationToken))
        {
            foreach (var characteristic in await service.GetCharacteristicsAsync(cancellationToken))
            {
                if (!Subscribed.Contains(characteristic.Id))
                {
                    continue;
                }

                if (characteristic.Id == BleUuids.BatteryLevel && characteristic.CanRead)
                {
                    var value = await characteristic.ReadAsync(cancellationToken);
                    Deliver(link, characteristic.Id, value, _options.Time.GetUtcNow());
                }

                if (characteristic.CanUpdate)
                {
                    // Subscribe before StartUpdates: a sensor may notify at once.
                    EventHandler<BleValueUpdatedEventArgs> handler = (_, e) => Deliver(link, e.Characteristic.Id, e.Value, e.ReceivedAt);
                    characteristic.ValueUpdated += handler;
                    link.Track(characteristic, handler);
                    await characteristic.StartUpdatesAsync(cancellationToken);
                }
            }
        }
    }

    private void Deliver(SensorLink link, Guid characteristic, byte[] value, DateTimeOffset receivedAt)
    {
        var kindsBefore = link.Codec.NulledKinds;
        if (!link.Codec.TryDecode(characteristic, value, receivedAt, out var sample, out var nulled, out var error))
        {
            Interlocked.Increment(ref _rejected);
            LogRejected(_logger, link.Device.Name, BleUuids.Format(characteristic), error ?? "", Convert.ToHexString(value));
            return;
        }

        var announce = false;
        if (nulled != GattWarnings.None)
        {
            // Logged once per kind and sensor (a strap off the skin sends 0 bpm every second); the count is on the status line.
            var fresh = nulled & ~kindsBefore;
            if (fresh != GattWarnings.None)
            {
                LogNulled(_logger, link.Device.Name, link.Sensor, link.Runner, string.Join("; ", fresh.Describe().Select(d => d.Message)));
            }

            var now = _options.Time.GetUtcNow();
            announce = fresh != GattWarnings.None || now - link.NulledAnnouncedAt >= NulledStatusEvery;
            if (announce)
            {
                link.NulledAnnouncedAt = now;
            }
        }

        if (sample!.BatteryPct is { } battery && battery != link.BatteryPct)
        {
            link.BatteryPct = battery;
            announce = true;
        }

        if (announce)
        {
            Raise(link, link.State);
        }

        if (!_channel.Writer.TryWrite(new SourceReading(link.Runner, sample)))
        {
            var total = Interlocked.Increment(ref _overflowed);
            LogOverflow(_logger, link.Runner, total);
        }
    }

    private void Raise(SensorStatusChanged status) => SensorStatusChanged?.Invoke(this, status);

    private void Raise(SensorLink link, SensorState state)
    {
        link.State = state;
        Raise(new SensorStatusChanged(link.Runner, link.Sensor, state, link.Device.Name, link.BatteryPct, link.Codec.Nulled));
    }
}
