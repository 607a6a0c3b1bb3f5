using System.Threading.Channels;
using MindMuscle.Live.Relay.Ble;
using MindMuscle.Live.Relay.Ble.BlueZ;

namespace MindMuscle.Live.Relay.Tests.Ble.BlueZ;

public sealed class BlueZAdapterTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private PrivateDBusDaemon _daemon = null!;
    private FakeBlueZ _fake = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _daemon = await PrivateDBusDaemon.StartAsync(Ct).WaitAsync(Step, Ct);
        _fake = await FakeBlueZ.StartAsync(_daemon.Address).WaitAsync(Step, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _fake.Dispose();
        await _daemon.DisposeAsync();
    }

    [Fact]
    public async Task ConnectAsync_PrivateBus_FindsTheAdapterAndKnownDevices()
    {
        var strap = AddStrap("C0:FF:EE:00:00:01");

        await using var sut = await CreateSutAsync();

        Assert.Equal(FakeBlueZ.AdapterPath, sut.AdapterPath);
        var device = Assert.Single(sut.KnownDevices);
        Assert.Equal(strap, device.Path);
        Assert.Equal("HRM Ana", device.Name);
        Assert.Equal("C0:FF:EE:00:00:01", device.Address);
        Assert.Equal(-61, device.Rssi);
        Assert.Contains(BleUuids.HeartRateService, device.AdvertisedServices);
    }

    [Fact]
    public async Task StartScanning_SensorFilter_SetsTheBlueZFilterAndReportsOnlyMatchingDevices()
    {
        AddStrap("C0:FF:EE:00:00:01");
        _fake.AddDevice("C0:FF:EE:00:00:09", "Keyboard", -40, ["00001812-0000-1000-8000-00805f9b34fb"], []);
        _fake.AddDevice("C0:FF:EE:00:00:02", "Stryd", -70, ["00001814-0000-1000-8000-00805f9b34fb"], [], hiddenUntilDiscovery: true);
        await using var sut = await CreateSutAsync();
        var found = Channel.CreateUnbounded<IBleDevice>();
        sut.DeviceDiscovered += (_, e) => found.Writer.TryWrite(e.Device);
        using var scanCts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var scan = sut.StartScanningForDevicesAsync(BleUuids.SensorServices.ToArray(), scanCts.Token);
        var first = await found.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);
        var second = await found.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);
        await scanCts.CancelAsync();
        await scan.WaitAsync(Step, Ct);

        Assert.Equal(["HRM Ana", "Stryd"], new[] { first.Name, second.Name }.Order());
        Assert.False(found.Reader.TryRead(out _));
        Assert.Equal(["0000180d-0000-1000-8000-00805f9b34fb", "00001814-0000-1000-8000-00805f9b34fb", "00001818-0000-1000-8000-00805f9b34fb"], _fake.DiscoveryFilterUuids!);
        Assert.Equal("le", _fake.DiscoveryFilterTransport);
        Assert.Contains($"{FakeBlueZ.AdapterPath} StopDiscovery", _fake.Calls);
    }

    [Fact]
    public async Task StartUpdates_SubscribesBeforeStartNotify_ReceivesTheValueSentDuringStartNotifyAndLaterOnes()
    {
        var strapPath = AddStrap("C0:FF:EE:00:00:01");
        var hrPath = _fake.CharacteristicPath(strapPath, "00002a37-0000-1000-8000-00805f9b34fb");
        await using var sut = await CreateSutAsync();
        var strap = sut.KnownDevices.Single();
        var values = Channel.CreateUnbounded<byte[]>();

        await sut.ConnectToDeviceAsync(strap, Ct).WaitAsync(Step, Ct);
        var service = await strap.GetServiceAsync(BleUuids.HeartRateService, Ct).WaitAsync(Step, Ct);
        var hr = await service!.GetCharacteristicAsync(BleUuids.HeartRateMeasurement, Ct).WaitAsync(Step, Ct);
        hr!.ValueUpdated += (_, e) => values.Writer.TryWrite(e.Value);
        await hr.StartUpdatesAsync(Ct).WaitAsync(Step, Ct);
        var duringStart = await values.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);
        Assert.True(_fake.Notify(hrPath, [0x16, 150, 0x00, 0x02]));
        var later = await values.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);

        Assert.Equal(BleDeviceState.Connected, strap.State);
        Assert.Equal(new byte[] { 0x06, 140 }, duringStart);
        Assert.Equal(new byte[] { 0x16, 150, 0x00, 0x02 }, later);
        Assert.True(new GattPayloadCodec().TryDecode(hr.Id, later, DateTimeOffset.UnixEpoch, out var sample, out _));
        Assert.Equal(150, sample!.HeartRateBpm);
        Assert.Equal(500, sample.RrIntervalsMs![0]);
        var calls = _fake.Calls.ToArray();
        Assert.True(Array.IndexOf(calls, $"{strapPath} Connect") >= 0);
    }

    [Fact]
    public async Task ReadAsync_BatteryLevel_ReturnsTheValue()
    {
        AddStrap("C0:FF:EE:00:00:01");
        await using var sut = await CreateSutAsync();
        var strap = sut.KnownDevices.Single();
        await sut.ConnectToDeviceAsync(strap, Ct).WaitAsync(Step, Ct);

        var service = await strap.GetServiceAsync(BleUuids.BatteryService, Ct).WaitAsync(Step, Ct);
        var level = await service!.GetCharacteristicAsync(BleUuids.BatteryLevel, Ct).WaitAsync(Step, Ct);
        var battery = await level!.ReadAsync(Ct).WaitAsync(Step, Ct);

        Assert.Equal(new byte[] { 77 }, battery);
    }

    [Fact]
    public async Task LinkDrop_RaisesConnectionLost_AndAReconnectResumesNotifications()
    {
        var strapPath = AddStrap("C0:FF:EE:00:00:01");
        var hrPath = _fake.CharacteristicPath(strapPath, "00002a37-0000-1000-8000-00805f9b34fb");
        await using var sut = await CreateSutAsync();
        var strap = sut.KnownDevices.Single();
        var lost = new TaskCompletionSource<IBleDevice>(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.DeviceConnectionLost += (_, e) => lost.TrySetResult(e.Device);
        var values = Channel.CreateUnbounded<byte[]>();
        await sut.ConnectToDeviceAsync(strap, Ct).WaitAsync(Step, Ct);
        await StartHrAsync(strap, values);
        await values.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);

        _fake.DropLink(strapPath);
        var lostDevice = await lost.Task.WaitAsync(Step, Ct);
        var notifiedWhileDown = _fake.Notify(hrPath, [0x06, 99]);
        await sut.ConnectToDeviceAsync(strap, Ct).WaitAsync(Step, Ct);
        await StartHrAsync(strap, values);
        var afterReconnect = await values.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);
        _fake.Notify(hrPath, [0x06, 151]);
        var next = await values.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);

        Assert.Same(strap, lostDevice);
        Assert.False(notifiedWhileDown);
        Assert.Equal(new byte[] { 0x06, 99 }, afterReconnect);
        Assert.Equal(new byte[] { 0x06, 151 }, next);
        Assert.Equal(2, _fake.ConnectCount(strapPath));
        Assert.Equal(BleDeviceState.Connected, strap.State);
    }

    [Fact]
    public async Task ConnectToDevice_BlueZRefuses_ThrowsConnectionException()
    {
        var strapPath = AddStrap("C0:FF:EE:00:00:01");
        _fake.FailNextConnects(strapPath, 1);
        await using var sut = await CreateSutAsync();

        var ex = await Assert.ThrowsAsync<BleDeviceConnectionException>(() => sut.ConnectToDeviceAsync(sut.KnownDevices.Single(), Ct).WaitAsync(Step, Ct));

        Assert.Contains("org.bluez.Error.Failed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(BleDeviceState.Disconnected, sut.KnownDevices.Single().State);
    }

    [Fact]
    public async Task ConnectAsync_BlueZWithoutAdapter_ThrowsUnavailableSayingWhatToDo()
    {
        var daemon = await PrivateDBusDaemon.StartAsync(Ct).WaitAsync(Step, Ct);
        await using var _ = daemon;
        using var fake = await FakeBlueZ.StartAsync(daemon.Address, withAdapter: false).WaitAsync(Step, Ct);

        var ex = await Assert.ThrowsAsync<BlueZUnavailableException>(() => BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = daemon.Address }, TimeProvider.System, null, Ct).WaitAsync(Step, Ct));

        Assert.Contains("no Bluetooth adapter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NoBus_ThrowsUnavailableSayingWhatToDo()
    {
        var ex = await Assert.ThrowsAsync<BlueZUnavailableException>(
            () => BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = "unix:path=/nonexistent/mml-no-bus" }, TimeProvider.System, null, Ct).WaitAsync(Step, Ct));

        Assert.Contains("system bus", ex.Message, StringComparison.Ordinal);
    }

    private static async Task StartHrAsync(BlueZDevice strap, Channel<byte[]> values)
    {
        var service = await strap.GetServiceAsync(BleUuids.HeartRateService, Ct).WaitAsync(Step, Ct);
        var hr = await service!.GetCharacteristicAsync(BleUuids.HeartRateMeasurement, Ct).WaitAsync(Step, Ct);
        hr!.ValueUpdated += (_, e) => values.Writer.TryWrite(e.Value);
        await hr.StartUpdatesAsync(Ct).WaitAsync(Step, Ct);
    }

    private string AddStrap(string address) => _fake.AddDevice(
        address,
        "HRM Ana",
        -61,
        ["0000180d-0000-1000-8000-00805f9b34fb", "0000180f-0000-1000-8000-00805f9b34fb"],
        [
            ("0000180d-0000-1000-8000-00805f9b34fb", [("00002a37-0000-1000-8000-00805f9b34fb", ["notify"], [0x06, 140]), ("00002a38-0000-1000-8000-00805f9b34fb", ["read"], [0x01])]),
            ("0000180f-0000-1000-8000-00805f9b34fb", [("00002a19-0000-1000-8000-00805f9b34fb", ["read", "notify"], [77])]),
        ]);

    private Task<BlueZAdapter> CreateSutAsync() =>
        BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = _daemon.Address }, TimeProvider.System, null, Ct).WaitAsync(Step, Ct);
}
