using System.Text.Json;
using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.TestKit.Hosting;
using Spectre.Console.Testing;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>
/// The real shape (many sessions, few coaches each) on a tiny configuration against real hub processes: the runners
/// are spread over the sessions, every coach sees exactly its own session's runners, both hubs record every sample
/// (the bare hub records by default in this shape), and every figure is reported. It does not judge speed; numbers
/// belong in docs/benchmarks.md.
/// </summary>
public sealed class RealShapeTests : IDisposable
{
    private const int Sessions = 3;
    private const int RunnersPerSession = 4;
    private const int CoachesPerSession = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-bench-shape-").FullName;

    [Fact]
    public async Task RealShape_BothHubs_SpreadsRunnersOverSessionsRecordsEverySampleAndReportsEveryFigure()
    {
        var (exit, output, runs) = await RunAsync();

        Assert.True(exit == 0, output);
        Assert.Equal(["bare+record", "product"], runs.Select(r => r.GetProperty("hub").GetString()).Order());
        Assert.All(runs, run =>
        {
            var hub = run.GetProperty("hub").GetString();
            Assert.Equal(Sessions, run.GetProperty("sessions").GetInt32());
            Assert.Equal(RunnersPerSession, run.GetProperty("runnersPerSession").GetInt32());
            Assert.Equal(CoachesPerSession, run.GetProperty("coachesPerSession").GetInt32());
            Assert.Equal(Sessions * RunnersPerSession, run.GetProperty("config").GetProperty("runners").GetInt32());

            // Each coach received samples of every runner of its session and of no runner of another session.
            Assert.Equal(RunnersPerSession, run.GetProperty("minRunnersSeenPerCoach").GetInt32());
            Assert.Equal(RunnersPerSession, run.GetProperty("maxRunnersSeenPerCoach").GetInt32());
            Assert.Equal(0, run.GetProperty("foreignSamplesAtCoaches").GetInt64());
            Assert.Equal(0, run.GetProperty("lostAtCoaches").GetInt64());
            Assert.Equal(0, run.GetProperty("duplicatesAtCoaches").GetInt64());
            Assert.Equal(0, run.GetProperty("framesDroppedReported").GetInt64());

            Assert.True(run.GetProperty("publishedSamples").GetInt64() > 0, output);
            Assert.True(run.GetProperty("latency").GetProperty("p50Ms").GetDouble() > 0, output);
            Assert.True(run.GetProperty("latency").GetProperty("p99Ms").GetDouble() > 0, output);
            Assert.True(run.GetProperty("ackLatency").GetProperty("p99Ms").GetDouble() > 0, output);
            Assert.True(run.GetProperty("cuesCompleted").GetInt64() > 0, $"{hub}: no cue round trip\n{output}");
            Assert.True(run.GetProperty("cueRoundTrip").GetProperty("p99Ms").GetDouble() > 0, output);
            // The warm-up sent cues too, so the window does not measure the hub compiling its cue path.
            Assert.True(run.GetProperty("warmupCuesSent").GetInt64() > 0, $"{hub}: no cue in the warm-up\n{output}");
            Assert.True(run.GetProperty("warmupCuesCompleted").GetInt64() > 0, $"{hub}: no warm-up cue came back\n{output}");
            Assert.True(run.GetProperty("hubCpuPercent").GetDouble() > 0, output);
            Assert.True(run.GetProperty("hubCpuUsPerSample").GetDouble() > 0, output);
            Assert.True(run.GetProperty("hubPeakRssMb").GetDouble() > 0, output);
            Assert.False(run.GetProperty("hubCrashed").GetBoolean(), output);
        });

        Assert.All(runs, run =>
        {
            Assert.Equal(run.GetProperty("publishedSamples").GetInt64(), run.GetProperty("recordedRows").GetInt64());
            Assert.Equal(0, run.GetProperty("lostInRecording").GetInt64());
            Assert.Equal(0, run.GetProperty("duplicatesInRecording").GetInt64());
            Assert.Equal(0, run.GetProperty("unackedRunners").GetInt64());
        });
        Assert.Contains("MML recorder", output, StringComparison.Ordinal);

        // Both hubs listened to alike, counters only: the product's dropped-samples check is read, no histogram is.
        Assert.All(runs, run => Assert.Equal("counters", run.GetProperty("hubMeterListener").GetString()));
        var meters = runs.Single(r => r.GetProperty("hub").GetString() == "product").GetProperty("hubMeters");
        Assert.Equal(0, meters.GetProperty("samplesDropped").GetInt64());
        Assert.True(meters.GetProperty("framesSent").GetInt64() > 0, output);
        Assert.False(meters.TryGetProperty("sendP50Ms", out _), output);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Output, JsonElement[] Runs)> RunAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var json = Path.Combine(_dir, "shape.json");
        var console = new TestConsole().Width(250);

        var exit = await BenchCli.Build(console)
            .Parse(["--hub", "both", "--protocol", "json", "--sessions", $"{Sessions}", "--runners-per-session", $"{RunnersPerSession}",
                "--coaches-per-session", $"{CoachesPerSession}", "--warmup", "1", "--duration", "3", "--cue-interval-ms", "100",
                "--no-progress", "--json-out", json, "--bare-hub-dll", BuildOutput.BareHubDll, "--hub-dll", BuildOutput.HubDll])
            .InvokeAsync(cancellationToken: timeout.Token).WaitAsync(Timeout, timeout.Token);

        Assert.True(File.Exists(json), console.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, timeout.Token));
        var runs = report.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.Clone()).ToArray();
        return (exit, console.Output, runs);
    }
}
