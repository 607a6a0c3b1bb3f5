using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Sources;

public sealed class SimulatedReadingSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_SimFatigue_YieldsOneDecodedSamplePerNotificationMatchingTheModel()
    {
        await using var sut = ReadingSourceFactory.Create("sim:fatigue", Options());
        var run = Collect(sut);
        await run.AllConnected.WaitAsync(Timeout, Ct);

        // Each sensor's readings arrive in order: once one stamped after 10 s is in, all of its first 10 s are. The clock
        // may have gone past 10 s while a loaded machine caught up, so the counts are of the first 10 s.
        var tenSeconds = Ms(TimeSpan.FromSeconds(10));
        await AdvanceUntilAsync(
            () => run.Readings.Any(r => r.Sample.HeartRateBpm is not null && r.Sample.ObservedAt > tenSeconds)
                && run.Readings.Any(r => r.Sample.SpeedMps is not null && r.Sample.ObservedAt > tenSeconds)
                && run.Readings.Any(r => r.Sample.PowerW is not null && r.Sample.ObservedAt > tenSeconds),
            until: TimeSpan.FromSeconds(10));

        var readings = run.Readings.Where(r => r.Sample.ObservedAt <= tenSeconds).ToArray();
        var start = _startedAt;
        var model = new RunnerModel(Scenario.Load("fatigue"), seed: 1);
        var hr = readings.Where(r => r.Sample.HeartRateBpm is not null).Take(10).ToArray();
        Assert.All(hr, r => Assert.Equal(
            (int)Math.Round(model.At(TimeSpan.FromMilliseconds(r.Sample.ObservedAt - start.ToUnixTimeMilliseconds())).HeartRateBpm),
            r.Sample.HeartRateBpm));
        Assert.Equal(20, readings.Count(r => r.Sample.SpeedMps is not null));
        Assert.Equal(20, readings.Count(r => r.Sample.GroundContactMs is not null));
        Assert.Equal(10, readings.Count(r => r.Sample.PowerW is not null));
        Assert.Equal(3, readings.Count(r => r.Sample.BatteryPct is not null));
        Assert.All(readings, r => Assert.Equal(0, r.RunnerIndex));
        Assert.All(readings, r => Assert.Equal(0, r.Sample.Seq));
        Assert.Equal(["Ana"], sut.RunnerNames);
        await run.StopAsync();
    }

    [Fact]
    public async Task ReadAsync_ThreeRunners_FeedsEachRunnerWithItsOwnSensors()
    {
        await using var sut = ReadingSourceFactory.Create("sim:steady", Options() with { Runners = 3 });
        var run = Collect(sut, expectedSensors: 9);
        await run.AllConnected.WaitAsync(Timeout, Ct);

        await AdvanceUntilAsync(() => run.Readings.Count(r => r.Sample.PowerW is not null) >= 15, until: TimeSpan.FromSeconds(5));

        Assert.Equal(["Ana 1", "Ana 2", "Ana 3"], sut.RunnerNames);
        var powerByRunner = run.Readings.Where(r => r.Sample.PowerW is not null).GroupBy(r => r.RunnerIndex).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1, 2], powerByRunner.Keys.Order());
        Assert.All(powerByRunner.Values, count => Assert.Equal(5, count));
        await run.StopAsync();
    }

    [Fact]
    public async Task ReadAsync_FootpodDrop_ReportsLostThenReconnectsAndReadsAgain()
    {
        var scenarioPath = Path.Combine(Path.GetTempPath(), $"mml-drop-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenarioPath, """{ "duration": "5:00", "events": [ { "at": "00:05", "sensor": "footpod", "drop": "6s" } ] }""", Ct);
        try
        {
            await using var sut = ReadingSourceFactory.Create("sim:" + scenarioPath, Options());
            var run = Collect(sut);
            await run.AllConnected.WaitAsync(Timeout, Ct);

            await AdvanceUntilAsync(() => run.Statuses.Any(s => s.Sensor == SensorKind.Footpod && s.State == SensorState.Lost), until: TimeSpan.FromSeconds(6));
            await AdvanceUntilAsync(() => run.Readings.Any(r => r.Sample.SpeedMps is not null && r.Sample.ObservedAt > Ms(TimeSpan.FromSeconds(13))), until: TimeSpan.FromSeconds(7));

            var footpodTimes = run.Readings.Where(r => r.Sample.SpeedMps is not null).Select(r => r.Sample.ObservedAt).ToArray();
            Assert.DoesNotContain(footpodTimes, t => t > Ms(TimeSpan.FromSeconds(5)) && t < Ms(TimeSpan.FromSeconds(11)));
            Assert.Contains(footpodTimes, t => t > Ms(TimeSpan.FromSeconds(11)));
            var states = run.Statuses.Where(s => s.Sensor == SensorKind.Footpod).Select(s => s.State).ToArray();
            var footpod = states.Where((state, i) => i == 0 || states[i - 1] != state).ToArray();
            Assert.Equal([SensorState.Searching, SensorState.Connecting, SensorState.Connected, SensorState.Lost], footpod[..4]);
            Assert.Equal(SensorState.Connected, footpod[^1]);
            Assert.Contains(run.Readings, r => r.Sample.HeartRateBpm is not null && r.Sample.ObservedAt > Ms(TimeSpan.FromSeconds(6)) && r.Sample.ObservedAt < Ms(TimeSpan.FromSeconds(11)));
            await run.StopAsync();
        }
        finally
        {
            File.Delete(scenarioPath);
        }
    }

    [Fact]
    public async Task ReadAsync_RealClock_DeliversLiveReadingsStampedWithNow()
    {
        await using var sut = ReadingSourceFactory.Create("sim:fatigue-quick", new ReadingSourceOptions { RunnerName = "Ana" });
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var readings = sut.ReadAsync(stop.Token).GetAsyncEnumerator(stop.Token);

        SourceReading footpod;
        do
        {
            Assert.True(await readings.MoveNextAsync().AsTask().WaitAsync(Timeout, Ct));
            footpod = readings.Current;
        }
        while (footpod.Sample.SpeedMps is null);

        Assert.InRange(footpod.Sample.SpeedMps!.Value, 4.3, 5.3);
        Assert.InRange(footpod.Sample.ObservedAt, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
    }

    private long Ms(TimeSpan runTime) => (_startedAt + runTime).ToUnixTimeMilliseconds();

    private DateTimeOffset _startedAt;

    private ReadingSourceOptions Options()
    {
        _startedAt = _time.GetUtcNow();
        return new() { RunnerName = "Ana", Time = _time };
    }

    /// <summary>Advances the fake clock in 100 ms steps (letting the source's tasks catch up between steps) until the condition holds.</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan until)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var advanced = TimeSpan.Zero;
        while (!condition() || advanced < until)
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            if (advanced < until || !condition())
            {
                _time.Advance(TimeSpan.FromMilliseconds(100));
                advanced += TimeSpan.FromMilliseconds(100);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, Ct);
            if (advanced > until + TimeSpan.FromMinutes(2))
            {
                Assert.Fail("condition not reached within the simulated time budget");
            }
        }
    }

    private static Run Collect(IReadingSource source, int expectedSensors = 3)
    {
        var run = new Run();
        var connected = new ConcurrentDictionary<(int, SensorKind), bool>();
        source.SensorStatusChanged += (_, s) =>
        {
            run.Statuses.Enqueue(s);
            if (s.State == SensorState.Connected && connected.TryAdd((s.RunnerIndex, s.Sensor), true) && connected.Count == expectedSensors)
            {
                run.Connected.TrySetResult();
            }
        };
        run.Reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var reading in source.ReadAsync(run.Stop.Token))
                {
                    run.Readings.Enqueue(reading);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped by the test.
            }
        });
        return run;
    }

    private sealed class Run
    {
        public ConcurrentQueue<SourceReading> Readings { get; } = new();

        public ConcurrentQueue<SensorStatusChanged> Statuses { get; } = new();

        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task AllConnected => Connected.Task;

        public CancellationTokenSource Stop { get; } = new();

        public Task Reading { get; set; } = Task.CompletedTask;

        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await Reading.WaitAsync(Timeout);
        }
    }
}
