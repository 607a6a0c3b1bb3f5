using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Ble;
using MindMuscle.Live.Relay.Ble.Simulated;

namespace MindMuscle.Live.Relay.Tests.Ble.Simulated;

public sealed class SimulatedBleAdapterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task StartUpdates_TenSeconds_NotifiesAtEachSensorsRate()
    {
        await using var sut = CreateSut(Scenario.Load("steady"));
        var log = await SubscribeAllAsync(sut);

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(10, log.Count(n => n.Characteristic == BleUuids.HeartRateMeasurement));
        Assert.Equal(20, log.Count(n => n.Characteristic == BleUuids.RscMeasurement));
        Assert.Equal(20, log.Count(n => n.Characteristic == BleUuids.RunningDynamics));
        Assert.Equal(10, log.Count(n => n.Characteristic == BleUuids.CyclingPowerMeasurement));
    }

    [Fact]
    public async Task Notifications_DecodeToTheRunnerModelsValues()
    {
        var scenario = Scenario.Load("fatigue");
        await using var sut = CreateSut(scenario, seed: 17);
        var log = await SubscribeAllAsync(sut);
        var model = new RunnerModel(scenario, 17);
        var codec = new GattPayloadCodec();

        _time.Advance(TimeSpan.FromMinutes(7));

        var checkedFootpod = 0;
        foreach (var n in log.Where(n => n.Characteristic == BleUuids.RscMeasurement || n.Characteristic == BleUuids.RunningDynamics || n.Characteristic == BleUuids.CyclingPowerMeasurement))
        {
            var vitals = model.At(n.At - sut.StartedAt);
            Assert.True(codec.TryDecode(n.Characteristic, n.Bytes, n.At, out var sample, out var error), error);
            if (n.Characteristic == BleUuids.RscMeasurement)
            {
                Assert.Equal(vitals.SpeedMps, sample!.SpeedMps!.Value, 0.003);
                Assert.Equal(vitals.CadenceSpm, sample.CadenceSpm!.Value, 0.5);
                Assert.Equal(vitals.StrideLengthM, sample.StrideLengthM!.Value, 0.006);
                Assert.Equal(vitals.DistanceM, sample.DistanceM!.Value, 0.06);
                checkedFootpod++;
            }
            else if (n.Characteristic == BleUuids.RunningDynamics)
            {
                Assert.Equal(vitals.GroundContactMs, sample!.GroundContactMs!.Value, 0.5);
                Assert.Equal(vitals.VerticalOscillationCm, sample.VerticalOscillationCm!.Value, 0.006);
                Assert.Equal(vitals.GctBalanceLeftPct, sample.GctBalanceLeftPct!.Value, 0.006);
            }
            else
            {
                Assert.Equal(vitals.PowerW, sample!.PowerW!.Value, 0.5);
            }

            Assert.Equal(n.At.ToUnixTimeMilliseconds(), sample.ObservedAt);
        }

        Assert.Equal(7 * 60 * 2, checkedFootpod);
    }

    [Fact]
    public async Task HeartRateNotifications_CarryHeartRateAndEveryBeatAsRrIntervals()
    {
        var scenario = Scenario.Load("steady");
        await using var sut = CreateSut(scenario, seed: 5);
        var log = await SubscribeAllAsync(sut);
        var model = new RunnerModel(scenario, 5);
        var codec = new GattPayloadCodec();

        _time.Advance(TimeSpan.FromMinutes(3));

        var beats = new List<double>();
        var expectedBeats = new List<double>();
        foreach (var n in log.Where(n => n.Characteristic == BleUuids.HeartRateMeasurement))
        {
            Assert.True(codec.TryDecode(n.Characteristic, n.Bytes, n.At, out var sample, out _));
            var runTime = n.At - sut.StartedAt;
            var vitals = model.At(runTime - TimeSpan.FromMilliseconds(500));
            expectedBeats.AddRange(vitals.RrIntervalsMs);
            vitals = model.At(runTime);
            expectedBeats.AddRange(vitals.RrIntervalsMs);
            Assert.Equal((int)Math.Round(vitals.HeartRateBpm), sample!.HeartRateBpm);
            Assert.True(sample.SensorContact);
            beats.AddRange(sample.RrIntervalsMs ?? []);
        }

        Assert.Equal(expectedBeats.Count, beats.Count);
        Assert.All(expectedBeats.Zip(beats), pair => Assert.Equal(pair.First, pair.Second, 1.0));
    }

    [Fact]
    public async Task Bytes_SameSeed_AreIdenticalWhateverTheClockSteps()
    {
        var scenario = Scenario.Load("fatigue");
        var otherTime = new FakeTimeProvider(_time.GetUtcNow());
        await using var a = CreateSut(scenario, seed: 3);
        await using var b = new SimulatedBleAdapter([new SimulatedRunnerSpec("Ana", scenario, 3)], otherTime);
        var logA = await SubscribeAllAsync(a);
        var logB = await SubscribeAllAsync(b);

        for (var i = 0; i < 120; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        otherTime.Advance(TimeSpan.FromSeconds(45));
        otherTime.Advance(TimeSpan.FromSeconds(75));

        Assert.Equal(logA.Count, logB.Count);
        Assert.Equal(logA.Select(n => (n.Characteristic, n.At, Convert.ToHexString(n.Bytes))), logB.Select(n => (n.Characteristic, n.At, Convert.ToHexString(n.Bytes))));
    }

    [Fact]
    public async Task Bytes_DifferentSeeds_Differ()
    {
        var scenario = Scenario.Load("steady");
        var otherTime = new FakeTimeProvider(_time.GetUtcNow());
        await using var a = CreateSut(scenario, seed: 1);
        await using var b = new SimulatedBleAdapter([new SimulatedRunnerSpec("Ana", scenario, 2)], otherTime);
        var logA = await SubscribeAllAsync(a);
        var logB = await SubscribeAllAsync(b);

        _time.Advance(TimeSpan.FromSeconds(10));
        otherTime.Advance(TimeSpan.FromSeconds(10));

        Assert.NotEqual(logA.Select(n => Convert.ToHexString(n.Bytes)), logB.Select(n => Convert.ToHexString(n.Bytes)));
    }

    [Fact]
    public async Task ScenarioDrop_DisconnectsTheDeviceAndItCanReconnectAfterwards()
    {
        var scenario = Scenario.Parse("""{ "duration": "5:00", "events": [ { "at": "00:05", "sensor": "footpod", "drop": "10s" } ] }""", "drop");
        await using var sut = CreateSut(scenario);
        var log = await SubscribeAllAsync(sut);
        var lost = new ConcurrentQueue<(IBleDevice Device, DateTimeOffset At)>();
        sut.DeviceConnectionLost += (_, e) => lost.Enqueue((e.Device, _time.GetUtcNow()));
        var footpod = sut.Devices.Single(d => d.Sensor == RunnerSensor.Footpod);

        _time.Advance(TimeSpan.FromSeconds(6));
        var connectDuringDrop = await Record.ExceptionAsync(() => sut.ConnectToDeviceAsync(footpod, Ct));
        _time.Advance(TimeSpan.FromSeconds(10));
        var silentFootpod = log.Count(n => n.Characteristic == BleUuids.RscMeasurement && n.At > sut.StartedAt.AddSeconds(5));
        await sut.ConnectToDeviceAsync(footpod, Ct);
        await (await (await footpod.GetServiceAsync(BleUuids.RunningSpeedAndCadenceService, Ct))!
            .GetCharacteristicAsync(BleUuids.RscMeasurement, Ct))!.StartUpdatesAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(5));

        var (device, at) = Assert.Single(lost);
        Assert.Same(footpod, device);
        Assert.Equal(sut.StartedAt.AddSeconds(5), at - TimeSpan.FromSeconds(1));
        Assert.IsType<BleDeviceConnectionException>(connectDuringDrop);
        Assert.Equal(0, silentFootpod);
        Assert.Equal(10, log.Count(n => n.Characteristic == BleUuids.RscMeasurement && n.At > sut.StartedAt.AddSeconds(16)));
        Assert.Equal(BleDeviceState.Connected, footpod.State);
        Assert.Equal(10, log.Count(n => n.Characteristic == BleUuids.HeartRateMeasurement && n.At <= sut.StartedAt.AddSeconds(10)));
    }

    [Fact]
    public async Task StartScanning_WithServiceFilter_DiscoversOnlyMatchingDevices()
    {
        await using var sut = new SimulatedBleAdapter(
            [new SimulatedRunnerSpec("Ana", Scenario.Load("steady"), 1), new SimulatedRunnerSpec("Ben", Scenario.Load("steady"), 2)], _time);
        var found = new ConcurrentQueue<IBleDevice>();
        sut.DeviceDiscovered += (_, e) => found.Enqueue(e.Device);
        using var cts = new CancellationTokenSource();

        var scan = sut.StartScanningForDevicesAsync([BleUuids.HeartRateService], cts.Token);
        await cts.CancelAsync();
        await scan.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(["Sim HR Ana", "Sim HR Ben"], found.Select(d => d.Name));
        Assert.Equal(2, found.Select(d => d.Address).Distinct().Count());
    }

    [Fact]
    public async Task ReadBatteryAndLocation_ConnectedDevice_ReturnsEncodedValues()
    {
        await using var sut = CreateSut(Scenario.Load("steady"));
        var strap = sut.Devices.Single(d => d.Sensor == RunnerSensor.HeartRate);
        await sut.ConnectToDeviceAsync(strap, Ct);

        var battery = await (await (await strap.GetServiceAsync(BleUuids.BatteryService, Ct))!
            .GetCharacteristicAsync(BleUuids.BatteryLevel, Ct))!.ReadAsync(Ct);
        var location = await (await (await strap.GetServiceAsync(BleUuids.HeartRateService, Ct))!
            .GetCharacteristicAsync(BleUuids.BodySensorLocation, Ct))!.ReadAsync(Ct);

        Assert.Equal([(byte)88], battery);
        Assert.Equal([(byte)1], location);
    }

    [Fact]
    public async Task GetServices_NotConnected_ThrowsConnectionException()
    {
        await using var sut = CreateSut(Scenario.Load("steady"));

        await Assert.ThrowsAsync<BleDeviceConnectionException>(() => sut.Devices[0].GetServicesAsync(Ct));
    }

    internal sealed record Notification(Guid Characteristic, DateTimeOffset At, byte[] Bytes);

    private SimulatedBleAdapter CreateSut(Scenario scenario, int seed = 1) => new([new SimulatedRunnerSpec("Ana", scenario, seed)], _time);

    /// <summary>Connects every device and starts every notifying characteristic; returns the live notification log.</summary>
    private static async Task<ConcurrentQueue<Notification>> SubscribeAllAsync(SimulatedBleAdapter adapter)
    {
        var log = new ConcurrentQueue<Notification>();
        foreach (var device in adapter.Devices)
        {
            await adapter.ConnectToDeviceAsync(device, Ct);
            foreach (var service in await device.GetServicesAsync(Ct))
            {
                foreach (var characteristic in await service.GetCharacteristicsAsync(Ct))
                {
                    if (characteristic.CanUpdate && characteristic.Id != BleUuids.BatteryLevel)
                    {
                        characteristic.ValueUpdated += (_, e) => log.Enqueue(new Notification(e.Characteristic.Id, e.ReceivedAt, e.Value));
                        await characteristic.StartUpdatesAsync(Ct);
                    }
                }
            }
        }

        return log;
    }
}
