using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Hosting;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Tests.Uplink;

namespace MindMuscle.Live.Relay.Tests.Cli;

public sealed class RunCommandTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Bind_AllOptions_Parsed()
    {
        var result = Parse("--hub", "http://10.0.0.2:5080", "--join", "ABCD2345", "--name", "Ana", "--source", "file:/tmp/run.csv",
            "--speed", "4", "--speech", "wav:/tmp/cues", "--data", "/tmp/relay", "--json");

        var (options, error) = RunCommand.Bind(result);

        Assert.Null(error);
        Assert.Equal(new RunOptions
        {
            Hub = new Uri("http://10.0.0.2:5080"), JoinCode = "ABCD2345", Name = "Ana", Source = "file:/tmp/run.csv", Speed = 4,
            Speech = "wav:/tmp/cues", DataDirectory = "/tmp/relay", Runners = 1, Json = true,
        }, options);
    }

    [Fact]
    public void Bind_Defaults_EspeakAndRelayDataFolder()
    {
        var (options, _) = RunCommand.Bind(Parse("--join", "ABCD2345", "--source", "sim:fatigue"));

        Assert.Equal("espeak", options!.Speech);
        Assert.Equal("relay-data", options.DataDirectory);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options.Hub);
        Assert.False(options.Json);
    }

    [Theory]
    [InlineData("--hub", "ftp://x", "--hub")]
    [InlineData("--source", "bluetooth", "--source")]
    [InlineData("--speech", "loud", "--speech")]
    [InlineData("--speed", "0", "--speed")]
    [InlineData("--runners", "0", "--runners")]
    public void Bind_BadValue_ErrorNamesTheOption(string option, string value, string named)
    {
        var args = new List<string> { "--join", "ABCD2345", "--source", "sim:steady" };
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (options, error) = RunCommand.Bind(Parse([.. args]));

        Assert.Null(options);
        Assert.Contains(named, error);
    }

    [Fact]
    public void Bind_SeveralRunnersFromAFile_Refused()
    {
        var (options, error) = RunCommand.Bind(Parse("--join", "ABCD2345", "--source", "file:x.csv", "--runners", "3"));

        Assert.Null(options);
        Assert.Contains("sim:", error);
    }

    [Fact]
    public async Task Invoke_RestartedOnSameDataWithRevokedToken_RejoinsAsSameRunnerAndSeqsContinue()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        var firstOut = new StringWriter();

        var first = await RunRelayAsync(hub, firstOut, readings: 120);
        // The stored token no longer works (expired, or the hub rotated its keys): the handshake gets 401 and the relay
        // must rejoin with its stored runner id and rejoin secret.
        hub.State.RevokeTokens();
        var second = await RunRelayAsync(hub, new StringWriter(), readings: 80);

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Single(hub.State.Read(s => s.Runners.Keys.ToList()));
        Assert.Equal(1, hub.State.Read(s => s.Joins));
        Assert.True(hub.State.Read(s => s.Rejoins) >= 1);
        var recorded = hub.State.Read(s => s.Runners.Values.Single().Recorded.Select(r => r.Seq).ToList());
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), recorded);
        Assert.Equal("Ana", hub.State.Read(s => s.Runners.Values.Single().Name));

        var events = firstOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "sensor" && e.GetProperty("batteryPct").GetInt32() == 87);
        var status = events.Last(e => e.GetProperty("type").GetString() == "status");
        var runner = status.GetProperty("runners")[0];
        Assert.Equal(120, runner.GetProperty("ackedSeq").GetInt64());
        Assert.Equal(0, runner.GetProperty("outboxPending").GetInt64());
    }

    [Fact]
    public async Task Invoke_DataFolderHoldsUnsentSamplesOfAnotherSession_ExitCode2AndNothingLost()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        using (var outbox = Relay.Outbox.SqliteOutbox.Open(_dir.Path, new(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance))
        {
            var identity = outbox.EnsureRunner(0, "Ana");
            outbox.SaveIdentity(identity with { JoinCode = "OTHER", HubUrl = "http://127.0.0.1:1/" });
            outbox.Append([new SourceReading(0, new MetricSample { ObservedAt = 1 })]);
        }

        var exit = await RunRelayAsync(hub, new StringWriter(), readings: 5);

        Assert.Equal(2, exit);
        Assert.Empty(hub.State.Read(s => s.Runners));
        using var reopened = Relay.Outbox.SqliteOutbox.Open(_dir.Path, new(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Equal(1, reopened.GetStats(0).Pending);
    }

    [Fact]
    public async Task Invoke_SimulatedSourceFromTheFactory_ThreeRunnersJoinAndPublish()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var command = RunCommand.Create(
            sources: null,
            new RelayConsole(TextWriter.Null, IsTerminal: false),
            new UplinkTuning(o => UplinkHarness.FastOptions(o.HubUrl) with { JoinCode = o.JoinCode }));
        string[] args =
        [
            "run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--name", "Ana", "--source", "sim:steady",
            "--runners", "3", "--speech", "none", "--data", _dir.Path,
        ];

        var run = new RootCommand { command }.Parse(args).InvokeAsync(cancellationToken: stop.Token);
        await hub.State.WaitUntilAsync(s => s.Runners.Count == 3 && s.Runners.Values.All(r => r.UpTo >= 3), Step, "3 runners publishing");
        await stop.CancelAsync();
        var exit = await run.WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        var runners = hub.State.Read(s => s.Runners.Values.Select(r => (r.Name, Seqs: r.Recorded.Select(x => x.Seq).ToList())).ToList());
        Assert.Equal(3, runners.Select(r => r.Name).Distinct().Count());
        Assert.All(runners, r => Assert.Equal(Enumerable.Range(1, r.Seqs.Count).Select(i => (long)i), r.Seqs));
    }

    [Fact]
    public async Task Invoke_HubRefusesOneRunnersRejoin_OnlyThatRunnerStopsAndItsSamplesStay()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        Assert.Equal(0, await RunThreeRunnersAsync(hub, TextWriter.Null, s => s.Runners.Count == 3 && s.Runners.Values.All(r => r.UpTo >= 3)));
        // The hub lost one runner: its rejoin gets 404, the other two rejoin (their tokens no longer work either).
        hub.State.ForgetRunner("r2");
        hub.State.RevokeTokens();
        var before = hub.State.Read(s => s.Runners.ToDictionary(r => r.Key, r => r.Value.UpTo));
        var output = new WatchedWriter(l => l.Contains("\"hub\":\"rejected\"", StringComparison.Ordinal));

        var exit = await RunThreeRunnersAsync(
            hub, output,
            s => s.Refused >= 1 && s.Runners.Count == 2 && s.Runners.All(r => r.Value.UpTo >= before[r.Key] + 3),
            output.Seen);

        Assert.Equal(0, exit);
        Assert.Equal(1, hub.State.Read(s => s.Refused));
        var status = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Last(e => e.GetProperty("type").GetString() == "status");
        var runners = status.GetProperty("runners").EnumerateArray().ToList();
        var refused = Assert.Single(runners, r => r.GetProperty("hub").GetString() == "rejected");
        Assert.Contains("(404): No runner with this runnerId", refused.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(refused.GetProperty("outboxPending").GetInt64() > 0);
    }

    [Fact]
    public async Task Invoke_UnknownScenario_ExitCode2()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        var command = RunCommand.Create(sources: null, new RelayConsole(TextWriter.Null, IsTerminal: false));
        string[] args = ["run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--source", "sim:no-such-scenario", "--speech", "none", "--data", _dir.Path];

        var exit = await new RootCommand { command }.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken)
            .WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Empty(hub.State.Read(s => s.Runners));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs three simulated runners until <paramref name="until"/> holds at the hub, then stops the relay.</summary>
    private async Task<int> RunThreeRunnersAsync(InTestHub hub, TextWriter output, Func<HubState, bool> until, Task? alsoUntil = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var command = RunCommand.Create(
            sources: null,
            new RelayConsole(output, IsTerminal: false),
            new UplinkTuning(o => UplinkHarness.FastOptions(o.HubUrl) with { JoinCode = o.JoinCode }));
        string[] args =
        [
            "run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--name", "Ana", "--source", "sim:steady",
            "--runners", "3", "--speech", "none", "--data", _dir.Path, "--json",
        ];

        var run = new RootCommand { command }.Parse(args).InvokeAsync(cancellationToken: stop.Token);
        await hub.State.WaitUntilAsync(s => until(s) || run.IsCompleted, Step, "the runners at the hub");
        await (alsoUntil ?? Task.CompletedTask).WaitAsync(Step, TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        return await run.WaitAsync(Step, TestContext.Current.CancellationToken);
    }

    private async Task<int> RunRelayAsync(InTestHub hub, StringWriter output, int readings)
    {
        var command = RunCommand.Create(
            _ => new FakeSource(readings),
            new RelayConsole(TextWriter.Synchronized(output), IsTerminal: false),
            new UplinkTuning(o => UplinkHarness.FastOptions(o.HubUrl) with { JoinCode = o.JoinCode }));
        var root = new RootCommand { command };
        string[] args =
        [
            "run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--name", "Ana", "--source", "sim:steady",
            "--speech", "none", "--data", _dir.Path, "--json",
        ];
        return await root.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Step, TestContext.Current.CancellationToken);
    }

    /// <summary>Keeps what the relay writes; <see cref="Seen"/> completes at the first line that matches.</summary>
    private sealed class WatchedWriter(Func<string, bool> match) : StringWriter
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.WriteLine(value);
            }

            if (value is not null && match(value))
            {
                _seen.TrySetResult();
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }

    private static ParseResult Parse(params string[] args)
    {
        var root = new RootCommand { RunCommand.Create() };
        return root.Parse(["run", .. args]);
    }

    /// <summary>A source of one runner that reports its HR strap and yields a fixed number of readings, then ends (like a file).</summary>
    private sealed class FakeSource(int count) : IReadingSource
    {
        public IReadOnlyList<string> RunnerNames => ["Runner 1"];

        public event EventHandler<SensorStatusChanged>? SensorStatusChanged;

        public async IAsyncEnumerable<SourceReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            SensorStatusChanged?.Invoke(this, new SensorStatusChanged(0, SensorKind.HeartRate, SensorState.Connected, "HRM-Pro", 87));
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return new SourceReading(0, new MetricSample { ObservedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), HeartRateBpm = 140 + (i % 20) });
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
