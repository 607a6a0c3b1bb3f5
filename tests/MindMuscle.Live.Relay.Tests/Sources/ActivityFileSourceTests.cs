using System.CommandLine;
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
        // At --speed 100 the 29 s between the first and last record take about 0.29 s; times are the relay's, not the file's.
        var span = runner.Samples[^1].ObservedAt - runner.Samples[0].ObservedAt;
        Assert.InRange(span, 280, 5_000);
        Assert.True(runner.Samples[0].ObservedAt > Start + 1_000_000_000L, "observation times are moved to now");
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
