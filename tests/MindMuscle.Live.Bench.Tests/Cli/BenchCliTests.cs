using System.Text.Json;
using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.TestKit.Hosting;
using Spectre.Console.Testing;

namespace MindMuscle.Live.Bench.Tests.Cli;

/// <summary>
/// The load generator's --smoke mode against real hub processes: catches crashes, loss and duplicates on the bench's
/// own path (it does not judge speed; numbers belong in docs/benchmarks.md).
/// </summary>
public sealed class BenchCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-bench-test-").FullName;

    [Fact]
    public async Task Smoke_BareHub_ExitsZeroWithNothingLostOrDuplicated()
    {
        var (exit, output, runs) = await SmokeAsync("bare");

        Assert.True(exit == 0, output);
        AssertClean(runs, "bare", output);
    }

    [Fact]
    public async Task Smoke_ProductHub_ExitsZeroWithNothingLostOrDuplicatedAtCoachesOrInRecording()
    {
        var (exit, output, runs) = await SmokeAsync("product");

        Assert.True(exit == 0, output);
        AssertClean(runs, "product", output);
        Assert.All(runs, run =>
        {
            Assert.Equal(run.GetProperty("publishedSamples").GetInt64(), run.GetProperty("recordedRows").GetInt64());
            Assert.Equal(0, run.GetProperty("lostInRecording").GetInt64());
            Assert.Equal(0, run.GetProperty("duplicatesInRecording").GetInt64());
            Assert.True(run.GetProperty("cuesCompleted").GetInt64() > 0, output);
            Assert.True(run.GetProperty("warmupCuesSent").GetInt64() > 0, output);
        });
    }

    [Fact]
    public async Task Smoke_ProductHubInterleavedOverSessions_LosesNothingAndSaysItsTickOrder()
    {
        // 4 sessions x 5 runners x 2 coaches: consecutive publishes go to different sessions.
        var (exit, output, runs) = await SmokeAsync("product", "--sessions", "4", "--runners-per-session", "5", "--tick-order", "interleaved");

        Assert.True(exit == 0, output);
        AssertClean(runs, "product", output);
        Assert.All(runs, run =>
        {
            Assert.Equal("interleaved", run.GetProperty("tickOrder").GetString());
            Assert.Equal("interleaved", run.GetProperty("config").GetProperty("tickOrder").GetString());
            Assert.Equal(4, run.GetProperty("sessions").GetInt32());
            Assert.Equal(5, run.GetProperty("minRunnersSeenPerCoach").GetInt32());
            Assert.Equal(0, run.GetProperty("foreignSamplesAtCoaches").GetInt64());
            Assert.Equal(0, run.GetProperty("lostInRecording").GetInt64());
            Assert.Equal(0, run.GetProperty("unackedRunners").GetInt64());
            Assert.True(run.GetProperty("samplesPerFrame").GetDouble() >= 1, output);
            Assert.True(run.GetProperty("framesPerSecondPerCoach").GetDouble() > 0, output);
        });
        Assert.Contains("ticks: interleaved", output, StringComparison.Ordinal);
        Assert.Contains("ticks=interleaved", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Smoke_ProductHubWithFullMeters_ReportsTheHistogramsAndSaysSo()
    {
        var (exit, output, runs) = await SmokeAsync("product", "--hub-meters", "full");

        Assert.True(exit == 0, output);
        AssertClean(runs, "product", output);
        Assert.All(runs, run =>
        {
            Assert.Equal("full", run.GetProperty("hubMeterListener").GetString());
            Assert.True(run.GetProperty("hubMeters").GetProperty("sendP50Ms").GetDouble() >= 0, output);
        });
        Assert.Contains("(full listener)", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Output, JsonElement[] Runs)> SmokeAsync(string hub, params string[] extra)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        var json = Path.Combine(_dir, hub + ".json");
        var console = new TestConsole().Width(250);

        var exit = await BenchCli.Build(console)
            .Parse(["--smoke", "--hub", hub, "--no-progress", "--json-out", json,
                "--bare-hub-dll", BuildOutput.BareHubDll, "--hub-dll", BuildOutput.HubDll, .. extra])
            .InvokeAsync(cancellationToken: timeout.Token).WaitAsync(Timeout, timeout.Token);

        Assert.True(File.Exists(json), console.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, timeout.Token));
        var runs = report.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.Clone()).ToArray();
        return (exit, console.Output, runs);
    }

    private static void AssertClean(JsonElement[] runs, string hub, string output)
    {
        Assert.Equal(2, runs.Length); // json and messagepack
        Assert.All(runs, run =>
        {
            Assert.Equal(hub, run.GetProperty("hub").GetString());
            Assert.True(run.GetProperty("publishedSamples").GetInt64() > 0, output);
            Assert.True(run.GetProperty("acceptedSamplesPerSecond").GetDouble() > 0, output);
            Assert.True(run.GetProperty("framesPerSecond").GetDouble() > 0, output);
            Assert.Equal(0, run.GetProperty("lostAtCoaches").GetInt64());
            Assert.Equal(0, run.GetProperty("duplicatesAtCoaches").GetInt64());
            Assert.False(run.GetProperty("hubCrashed").GetBoolean(), output);
        });
    }
}
