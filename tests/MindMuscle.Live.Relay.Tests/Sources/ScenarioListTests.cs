using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Sources;

/// <summary><c>sim:A,B,…</c>: one relay carrying a mixed group, runner i playing item i (cycling).</summary>
public sealed class ScenarioListTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sim:steady,,fatigue", 3, "empty item")]
    [InlineData("sim:steady,", 2, "empty item")]
    [InlineData("sim:steady,no-such-scenario", 2, "item 2 ('no-such-scenario')")]
    [InlineData("sim:fatigue-quick,asymmetry-quick,steady", 2, "--runners 3")]
    public void Create_BadList_ThrowsSpecExceptionNamingTheProblem(string spec, int runners, string expected)
    {
        var ex = Assert.Throws<ReadingSourceSpecException>(() => ReadingSourceFactory.Create(spec, new ReadingSourceOptions { Runners = runners }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ana,Ben", 3, "lists 2 names for 3 runners")]
    [InlineData("Ana,,Cleo", 3, "non-empty")]
    [InlineData("Ana,Ben,Ana", 3, "repeats a name")]
    public void Create_BadNameList_ThrowsSpecException(string names, int runners, string expected)
    {
        var ex = Assert.Throws<ReadingSourceSpecException>(
            () => ReadingSourceFactory.Create("sim:steady", new ReadingSourceOptions { RunnerName = names, Runners = runners }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NameList_NamesEachRunner()
    {
        await using var sut = ReadingSourceFactory.Create(
            "sim:fatigue-quick, asymmetry-quick", new ReadingSourceOptions { RunnerName = " Ana, Ben ,Cleo", Runners = 3 });

        Assert.Equal(["Ana", "Ben", "Cleo"], sut.RunnerNames);
    }

    [Fact]
    public async Task Create_OneRunnerWithCommaInName_KeepsTheWholeName()
    {
        await using var sut = ReadingSourceFactory.Create("sim:steady", new ReadingSourceOptions { RunnerName = "Smith, Ana" });

        Assert.Equal(["Smith, Ana"], sut.RunnerNames);
    }

    [Fact]
    public async Task Create_ScenarioFileWithCommaInPath_IsOneScenario()
    {
        var dir = Directory.CreateTempSubdirectory("mml-list-");
        try
        {
            var path = Path.Combine(dir.FullName, "slow,steady.json");
            await File.WriteAllTextAsync(path, """{ "duration": "5:00", "runner": { "pace": "6:00" } }""", Ct);

            await using var sut = ReadingSourceFactory.Create("sim:" + path, new ReadingSourceOptions { RunnerName = "Ana", Runners = 2 });

            Assert.Equal(["Ana 1", "Ana 2"], sut.RunnerNames);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ReadAsync_ListWithMoreRunners_RunnerIPlaysItemIModuloCount()
    {
        // Two scenarios that differ from the first second on: a fast runner (quick demo scenarios run at 3:28 /km) and
        // a steady one (4:38 /km). Five runners → fast, steady, fast, steady, fast.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));
        var start = time.GetUtcNow();
        await using var sut = ReadingSourceFactory.Create(
            "sim:fatigue-quick,steady", new ReadingSourceOptions { RunnerName = "Ana", Runners = 5, Time = time });
        var readings = new ConcurrentQueue<SourceReading>();
        var connected = new ConcurrentDictionary<(int, SensorKind), bool>();
        var allConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.SensorStatusChanged += (_, s) =>
        {
            if (s.State == SensorState.Connected && connected.TryAdd((s.RunnerIndex, s.Sensor), true) && connected.Count == 15)
            {
                allConnected.TrySetResult();
            }
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var r in sut.ReadAsync(stop.Token))
                    {
                        readings.Enqueue(r);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped by the test.
                }
            },
            Ct);
        await allConnected.Task.WaitAsync(Timeout, Ct);

        var deadline = DateTime.UtcNow + Timeout;
        while (Enumerable.Range(0, 5).Any(i => readings.Count(r => r.RunnerIndex == i && r.Sample.SpeedMps is not null) < 10))
        {
            Assert.True(DateTime.UtcNow < deadline, "every runner should get 10 footpod readings");
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, Ct);
        }

        await stop.CancelAsync();
        await reading.WaitAsync(Timeout, Ct);

        var fastProfile = Scenario.Load("fatigue-quick").Profile;
        var steadyProfile = Scenario.Load("steady").Profile;
        Assert.Equal(["Ana 1", "Ana 2", "Ana 3", "Ana 4", "Ana 5"], sut.RunnerNames);
        for (var i = 0; i < 5; i++)
        {
            var speeds = readings.Where(r => r.RunnerIndex == i && r.Sample.SpeedMps is not null).Select(r => r.Sample.SpeedMps!.Value).Order().ToArray();
            var median = speeds[speeds.Length / 2];
            var expected = i % 2 == 0 ? fastProfile.SpeedMps : steadyProfile.SpeedMps;

            // Varied profiles spread speed by up to 5 %; noise adds ~1 %. The two paces are 25 % apart.
            Assert.InRange(median, expected * 0.92, expected * 1.08);
        }

        Assert.All(readings, r => Assert.InRange(r.Sample.ObservedAt, start.ToUnixTimeMilliseconds(), time.GetUtcNow().ToUnixTimeMilliseconds()));
    }
}
