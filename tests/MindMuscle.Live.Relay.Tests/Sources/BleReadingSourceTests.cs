using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Ble.BlueZ;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Tests.Ble.BlueZ;
using NSubstitute;

namespace MindMuscle.Live.Relay.Tests.Sources;

/// <summary>The BLE source over the real BlueZ backend, against the fake BlueZ on a private dbus-daemon.</summary>
public sealed class BleReadingSourceTests : IAsyncLifetime
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
    public async Task ReadAsync_BlueZStrapDropsAndRefusesOnce_ReconnectsWithBackoffAndKeepsReading()
    {
        var strap = _fake.AddDevice(
            "C0:FF:EE:00:00:01",
            "HRM Ana",
            -61,
            ["0000180d-0000-1000-8000-00805f9b34fb"],
            [
                ("0000180d-0000-1000-8000-00805f9b34fb", [("00002a37-0000-1000-8000-00805f9b34fb", ["notify"], [0x06, 140])]),
                ("0000180f-0000-1000-8000-00805f9b34fb", [("00002a19-0000-1000-8000-00805f9b34fb", ["read", "notify"], [77])]),
            ],
            hiddenUntilDiscovery: true);
        var hr = _fake.CharacteristicPath(strap, "00002a37-0000-1000-8000-00805f9b34fb");
        var statuses = Channel.CreateUnbounded<SensorStatusChanged>();
        await using var sut = new BleReadingSource(
            async ct => await BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = _daemon.Address }, TimeProvider.System, null, ct),
            ["Ana"],
            _ => 0,
            new ReadingSourceOptions { ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(200) });
        sut.SensorStatusChanged += (_, s) => statuses.Writer.TryWrite(s);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var readings = sut.ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        var seen = new List<SourceReading>();

        await UntilAsync(readings, seen, r => r.Sample.HeartRateBpm == 140);
        await WaitForAsync(statuses, SensorState.Connected);
        _fake.Notify(hr, [0x16, 150, 0x00, 0x02]);
        var second = await UntilAsync(readings, seen, r => r.Sample.HeartRateBpm == 150);
        var beforeDrop = seen.Count;
        _fake.FailNextConnects(strap, 1);
        _fake.DropLink(strap);
        await WaitForAsync(statuses, SensorState.Lost);
        await WaitForAsync(statuses, SensorState.Lost);
        await WaitForAsync(statuses, SensorState.Connected);
        _fake.Notify(hr, [0x06, 152]);
        await UntilAsync(readings, seen, r => r.Sample.HeartRateBpm == 152);
        await stop.CancelAsync();

        Assert.Contains(seen.Take(beforeDrop), r => r.Sample.BatteryPct == 77);
        Assert.Equal([500.0], second.Sample.RrIntervalsMs!);
        Assert.Contains(seen.Skip(beforeDrop), r => r.Sample.BatteryPct == 77);
        Assert.Contains(seen.Skip(beforeDrop), r => r.Sample.HeartRateBpm == 150);
        Assert.Equal(3, _fake.ConnectCount(strap));
        Assert.All(seen, r => Assert.Equal(0, r.RunnerIndex));
        Assert.Equal(0, sut.Rejected);
    }

    [Fact]
    public async Task ReadAsync_StrapOffTheSkinSendsZeroBpm_ReadingWithNullHeartRateCountedAndLoggedOnce()
    {
        var strap = _fake.AddDevice(
            "C0:FF:EE:00:00:02",
            "HRM Ben",
            -58,
            ["0000180d-0000-1000-8000-00805f9b34fb"],
            [("0000180d-0000-1000-8000-00805f9b34fb", [("00002a37-0000-1000-8000-00805f9b34fb", ["notify"], [0x06, 140])])]);
        var hr = _fake.CharacteristicPath(strap, "00002a37-0000-1000-8000-00805f9b34fb");
        var logger = Substitute.For<ILogger>();
        logger.IsEnabled(Arg.Any<LogLevel>()).Returns(true);
        var loggers = Substitute.For<ILoggerFactory>();
        loggers.CreateLogger(Arg.Any<string>()).Returns(logger);
        var statuses = Channel.CreateUnbounded<SensorStatusChanged>();
        await using var sut = new BleReadingSource(
            async ct => await BlueZAdapter.ConnectAsync(new BlueZOptions { BusAddress = _daemon.Address }, TimeProvider.System, null, ct),
            ["Ben"],
            _ => 0,
            new ReadingSourceOptions { LoggerFactory = loggers });
        sut.SensorStatusChanged += (_, s) => statuses.Writer.TryWrite(s);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var readings = sut.ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var seen = new List<SourceReading>();

        await UntilAsync(readings, seen, r => r.Sample.HeartRateBpm == 140);
        await WaitForAsync(statuses, SensorState.Connected);
        _fake.Notify(hr, [0x04, 0x00]);
        var off = await UntilAsync(readings, seen, r => r.Sample.SensorContact == false);
        var counted = await WaitForAsync(statuses, s => s.Nulled == 1);
        _fake.Notify(hr, [0x04, 0x00]);
        await UntilAsync(readings, seen, r => r.Sample.SensorContact == false);
        _fake.Notify(hr, [0x06, 141]);
        await UntilAsync(readings, seen, r => r.Sample.HeartRateBpm == 141);
        await stop.CancelAsync();

        Assert.Null(off.Sample.HeartRateBpm);
        Assert.Equal(SensorState.Connected, counted.State);
        Assert.Equal(0, sut.Rejected);
        var nulledLogs = logger.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name == nameof(ILogger.Log) && c.GetArguments()[1] is EventId { Id: 607 })
            .ToList();
        var log = Assert.Single(nulledLogs);
        Assert.Equal(LogLevel.Information, log.GetArguments()[0]);
        Assert.Contains("heartRateBpm outside", log.GetArguments()[2]!.ToString(), StringComparison.Ordinal);
    }

    private static async Task<SourceReading> UntilAsync(IAsyncEnumerator<SourceReading> readings, List<SourceReading> seen, Func<SourceReading, bool> match)
    {
        while (true)
        {
            Assert.True(await readings.MoveNextAsync().AsTask().WaitAsync(Step, Ct));
            seen.Add(readings.Current);
            if (match(readings.Current))
            {
                return readings.Current;
            }
        }
    }

    private static async Task WaitForAsync(Channel<SensorStatusChanged> statuses, SensorState state) =>
        await WaitForAsync(statuses, s => s.State == state);

    private static async Task<SensorStatusChanged> WaitForAsync(Channel<SensorStatusChanged> statuses, Func<SensorStatusChanged, bool> match)
    {
        while (true)
        {
            var status = await statuses.Reader.ReadAsync(Ct).AsTask().WaitAsync(Step, Ct);
            if (status.Sensor == SensorKind.HeartRate && match(status))
            {
                return status;
            }
        }
    }
}
