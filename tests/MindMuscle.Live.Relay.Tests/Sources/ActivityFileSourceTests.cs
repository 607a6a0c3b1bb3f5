using System.CommandLine;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Hosting;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Tests.Uplink;

namespace MindMuscle.Live.Relay.Tests.Sources;

/// <summary><c>relay run --source file:run.fit|.tcx</c>: a watch activity replayed into a live session through the outbox and uplink.</summary>
public sealed class ActivityFileSourceTests : IDisposable
{
    private const long Start = 1_780_000_000_000;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(".fit")]
    [InlineData(".tcx")]
    public async Task Run_WatchActivity_HubRecordsEveryRecordOfTheFile(string extension)
    {
        const int Seconds = 30;
        var file = WriteActivity(Seconds, extension);
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var command = RunCommand.Create(
            sources: null,
            new RelayConsole(TextWriter.Null, IsTerminal: false),
            new UplinkTuning(o => UplinkHarness.FastOptions(o.HubUrl) with { JoinCode = o.JoinCode }));
        string[] args =
        [
            "run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--name", "Ana", "--source", "file:" + file,
            "--speed", "100", "--speech", "none", "--data", Path.Combine(_dir.Path, "data"),
        ];

        var run = new RootCommand { command }.Parse(args).InvokeAsync(cancellationToken: stop.Token);
        await hub.State.WaitUntilAsync(s => s.Runners.Values.Any(r => r.Recorded.Count >= Seconds) || run.IsCompleted, Step, "the file's records at the hub");
        await stop.CancelAsync();
        await run.WaitAsync(Step, TestContext.Current.CancellationToken);

        var runner = Assert.Single(hub.State.Read(s => s.Runners.Values.Select(r => (r.Name, Samples: r.Recorded.ToList())).ToList()));
        Assert.Equal("Ana", runner.Name);
        Assert.Equal(Enumerable.Range(1, Seconds).Select(i => (long)i), runner.Samples.Select(s => s.Seq));
        Assert.Equal(Enumerable.Range(0, Seconds).Select(i => (int?)(140 + i)), runner.Samples.Select(s => s.HeartRateBpm));
        Assert.All(runner.Samples, s => Assert.Equal(176, s.CadenceSpm));
        Assert.Equal(extension == ".fit" ? 238.5 : null, runner.Samples[0].GroundContactMs);
        // At --speed 100 the records, 1 s apart in the file, are 10 ms apart. The relay sends its times on the hub's clock by
        // its offset estimate; this hub shares the relay's clock (its Date header and every ack stamp agree with it),
        // so the estimate stays 0 and the hub records the relay's times exactly, however slow the machine.
        Assert.Equal(Enumerable.Repeat(10L, Seconds - 1), runner.Samples.Zip(runner.Samples.Skip(1), (a, b) => b.ObservedAt - a.ObservedAt));
        Assert.True(runner.Samples[0].ObservedAt > Start + 1_000_000_000L, "observation times are moved to now");
    }

    [Theory]
    [InlineData(".fit")]
    [InlineData(".tcx")]
    public async Task ReadAsync_Speed100_EachRecordComesWhenDue_StampedWithItsReplayTime(string extension)
    {
        const int Seconds = 30;
        var file = WriteActivity(Seconds, extension);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 18, 0, 0, 250, TimeSpan.Zero));
        var replayStart = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var source = ReadingSourceFactory.Create("file:" + file, new ReadingSourceOptions { Speed = 100, Time = time, RunnerName = "Ana" });
        await using var readings = source.ReadAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        var read = new List<SourceReading>();

        Assert.True(await readings.MoveNextAsync().AsTask().WaitAsync(Step, TestContext.Current.CancellationToken));
        read.Add(readings.Current);
        for (var i = 1; i < Seconds; i++)
        {
            var next = readings.MoveNextAsync().AsTask();
            time.Advance(TimeSpan.FromMilliseconds(9));
            Assert.False(next.IsCompleted, $"record {i + 1} came before it was due");
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await next.WaitAsync(Step, TestContext.Current.CancellationToken));
            read.Add(readings.Current);
        }

        Assert.False(await readings.MoveNextAsync().AsTask().WaitAsync(Step, TestContext.Current.CancellationToken));
        Assert.Equal(Enumerable.Range(0, Seconds).Select(i => replayStart + (i * 10L)), read.Select(r => r.Sample.ObservedAt));
        Assert.Equal(Enumerable.Range(0, Seconds).Select(i => (int?)(140 + i)), read.Select(r => r.Sample.HeartRateBpm));
        Assert.All(read, r => Assert.Equal((0, 0L, false), (r.RunnerIndex, r.Sample.Seq, r.Sample.Backfilled)));
    }

    [Fact]
    public async Task Run_DamagedFit_ExitsWithAnErrorNamingTheFileAndTheFault()
    {
        var file = WriteActivity(10, ".fit");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^4]);
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var command = RunCommand.Create(sources: null, new RelayConsole(output, IsTerminal: false));
        string[] args = ["run", "--hub", hub.Url.ToString(), "--join", "TESTCODE", "--source", "file:" + file, "--speech", "none", "--data", Path.Combine(_dir.Path, "data")];
        var error = new StringWriter();

        var exit = await new RootCommand { command }.Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken)
            .WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exit);
        Assert.Empty(hub.State.Read(s => s.Runners));
        // The run prints this message on the process's stderr ("relay run: ..."); the source is where it is made.
        var fault = Assert.Throws<ReadingSourceSpecException>(() => ReadingSourceFactory.Create("file:" + file, new ReadingSourceOptions()));
        Assert.Contains("run.fit", fault.Message, StringComparison.Ordinal);
        Assert.Contains("truncated at byte", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NotAFitFile_SaysWhatIsWrong()
    {
        var file = Path.Combine(_dir.Path, "notes.fit");
        File.WriteAllText(file, "hello, not a watch file");

        var error = Assert.Throws<ReadingSourceSpecException>(() => ReadingSourceFactory.Create("file:" + file, new ReadingSourceOptions()));

        Assert.Contains("notes.fit", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable FIT activity", error.Message, StringComparison.Ordinal);
    }

    private string WriteActivity(int seconds, string extension)
    {
        var builder = new FitActivityBuilder();
        for (var i = 0; i < seconds; i++)
        {
            builder.Add(new MetricSample
            {
                Seq = i + 1, ObservedAt = Start + (i * 1000L), HeartRateBpm = 140 + i, CadenceSpm = 176, SpeedMps = 3.6, DistanceM = i * 3.6,
                GroundContactMs = 238.5, VerticalOscillationCm = 8.4, GctBalanceLeftPct = 49.8, StrideLengthM = 1.227, PowerW = 260,
            });
        }

        var path = Path.Combine(_dir.Path, "run" + extension);
        if (extension == ".fit")
        {
            File.WriteAllBytes(path, FitActivityWriter.Write(builder.Build()!));
        }
        else
        {
            using var stream = File.Create(path);
            TcxWriter.WriteAsync(builder.Build()!, stream, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        }

        return path;
    }
}
