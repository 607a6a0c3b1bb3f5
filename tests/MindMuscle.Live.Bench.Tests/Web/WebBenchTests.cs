using System.Text.Json;
using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.Bench.Load.Web;
using MindMuscle.Live.TestKit.Servers;
using Spectre.Console.Testing;

namespace MindMuscle.Live.Bench.Tests.Web;

/// <summary>
/// The --web bench's own path, a few seconds with a few runners: the real hub, the real coach page in Chromium, and
/// every figure read (it does not judge speed; the figures belong in docs/benchmarks.md).
/// </summary>
public sealed class WebBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-web-bench-test-").FullName;

    [Fact]
    public async Task Web_FourRunnersFewSeconds_ReportsLatencyBusyAndMemoryFromThePage()
    {
        var chromium = new WebConfig().ChromiumPath;
        MissingPart.SkipOrFail(File.Exists(chromium) ? null : $"Chromium is not installed at {chromium}: run `bash scripts/install-deps.sh chromium`, or set {WebConfig.ChromiumVariable}");
        var console = new TestConsole().Width(250);
        var json = Path.Combine(_dir, "web.json");
        var profile = Path.Combine(_dir, "page.cpuprofile");

        var exit = await BenchCli.Build(console).Parse(
            ["--web", "--runners", "4", "--rate", "4", "--warmup", "2", "--duration", "4", "--memory-early-s", "3", "--no-progress", "--json-out", json,
             "--web-profile", profile, "--web-profile-s", "1"])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(exit == 0, console.Output);
        Assert.Contains("web-json: {", console.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var web = report.RootElement.GetProperty("web");
        Assert.Equal(4, web.GetProperty("tiles").GetInt32());
        // The bench's runners change ground contact with every sample: every tile's values move within the probe's 3 s.
        Assert.Equal(4, web.GetProperty("tilesMoving").GetInt32());
        Assert.True(web.GetProperty("profile").GetProperty("totalMs").GetDouble() > 0, console.Output);
        Assert.NotEmpty(web.GetProperty("profile").GetProperty("byScript").EnumerateArray());
        using (var written = JsonDocument.Parse(await File.ReadAllTextAsync(profile, TestContext.Current.CancellationToken)))
        {
            Assert.True(written.RootElement.GetProperty("nodes").GetArrayLength() > 0);
        }

        Assert.Contains("page CPU profile", console.Output, StringComparison.Ordinal);
        Assert.True(web.GetProperty("publishedInWindow").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("arrived").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("painted").GetInt64() > 0, console.Output);
        // The hub coalesces samples into frames: at least one sample per frame that arrived.
        Assert.True(web.GetProperty("arrivedSamples").GetInt64() >= web.GetProperty("arrived").GetInt64(), console.Output);
        Assert.True(web.GetProperty("frames").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("renderBusyPct").GetDouble() > 0, console.Output);
        Assert.Equal(50, web.GetProperty("minFrameMs").GetDouble());
        var dotnet = web.GetProperty("dotnet");
        Assert.True(dotnet.GetProperty("handlerMs").GetDouble() > 0, console.Output);
        Assert.True(dotnet.GetProperty("allocatedBytes").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("latencyCount").GetInt32() > 0, console.Output);
        Assert.True(web.GetProperty("p99Ms").GetDouble() >= web.GetProperty("p50Ms").GetDouble(), console.Output);
        Assert.True(web.GetProperty("mainThreadBusyPct").GetDouble() > 0, console.Output);
        Assert.True(web.GetProperty("endMemory").GetProperty("jsHeapUsedBytes").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("endMemory").GetProperty("dotnetHeapBytes").GetInt64() > 0, console.Output);
        Assert.True(web.GetProperty("earlyMemory").GetProperty("atSeconds").GetDouble() < web.GetProperty("endMemory").GetProperty("atSeconds").GetDouble(), console.Output);
        Assert.True(web.TryGetProperty("memoryGrowthPct", out _), console.Output);
        Assert.True(web.TryGetProperty("heapGrowthPct", out _), console.Output);
    }

    [Fact]
    public void Summarize_AProfile_AddsEachSamplesTimeToItsFunctionAndScript()
    {
        using var profile = JsonDocument.Parse("""
            {
              "nodes": [
                { "id": 1, "callFrame": { "functionName": "(root)", "url": "" } },
                { "id": 2, "callFrame": { "functionName": "write", "url": "http://h/js/tiles.js" } },
                { "id": 3, "callFrame": { "functionName": "", "url": "http://h/_framework/dotnet.native.wasm" } }
              ],
              "samples": [2, 3, 2, 1],
              "timeDeltas": [0, 1000, 2000, 3000]
            }
            """);

        var summary = PageProfile.Summarize(profile.RootElement);

        // Each sample counts the time to the next one: write 1 + 3 ms, the anonymous wasm function 2 ms.
        Assert.Equal(6, summary.TotalMs);
        Assert.Equal(new ProfileEntry("write (tiles.js)", 4), summary.ByFunction[0]);
        Assert.Equal(new ProfileEntry("(anonymous) (dotnet.native.wasm)", 2), summary.ByFunction[1]);
        Assert.Equal(new ProfileEntry("tiles.js", 4), summary.ByScript[0]);
    }

    [Fact]
    public void Percentile_NearestRank_AsThePageComputesIt()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        Assert.Equal(5, WebBench.Percentile(sorted, 50));
        Assert.Equal(10, WebBench.Percentile(sorted, 99));
        Assert.Equal(1, WebBench.Percentile(sorted, 0));
        Assert.Null(WebBench.Percentile([], 99));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
