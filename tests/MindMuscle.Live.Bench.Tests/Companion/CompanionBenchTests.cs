using System.Text.Json;
using MindMuscle.Live.Bench.Load.Companion;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Bench.Tests.Companion;

/// <summary>
/// The companion bench's own path for a few seconds: the real hub, the companion page in Chromium with an emulated strap
/// and footpod, and every figure read (it does not judge speed; the figures belong in docs/benchmarks.md).
/// </summary>
public sealed class CompanionBenchTests
{
    [Fact]
    public async Task Companion_FewSeconds_ReportsAckTimesCpuAndMemoryFromThePage()
    {
        var chromium = new CompanionConfig().ChromiumPath;
        MissingPart.SkipOrFail(File.Exists(chromium) ? null : $"Chromium is not installed at {chromium}: run `bash scripts/install-deps.sh chromium`, or set {CompanionConfig.ChromiumVariable}");
        using var output = new StringWriter();

        var exit = await CompanionCli.RunAsync(["--duration-s", "6", "--warmup-s", "2", "--no-progress"], output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.True(exit == 0, text);
        var line = text.Split('\n').Single(l => l.StartsWith("companion-json: ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line["companion-json: ".Length..]);
        var result = json.RootElement;
        Assert.True(result.GetProperty("notifications").GetInt64() > 0, text);
        Assert.True(result.GetProperty("acked").GetInt64() > 0, text);
        Assert.True(result.GetProperty("ackP99Ms").GetDouble() > 0, text);
        Assert.True(result.GetProperty("ackP99Ms").GetDouble() >= result.GetProperty("ackP50Ms").GetDouble(), text);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("rendererCpuUnavailable").ValueKind);
        Assert.True(result.GetProperty("rendererCpuPct").GetDouble() > 0, text);
        Assert.True(result.GetProperty("rendererCpuPct").GetDouble() >= result.GetProperty("rendererMainThreadCpuPct").GetDouble(), text);
        Assert.True(result.GetProperty("endMemory").GetProperty("jsHeapUsedBytes").GetInt64() > 0, text);
        Assert.Equal(0, result.GetProperty("emulationErrors").GetInt32());
    }

    [Theory]
    [InlineData("--hz", "0")]
    [InlineData("--duration-s", "soon")]
    [InlineData("--frobnicate")]
    public async Task Companion_BadArguments_SaysWhyAndExits2(params string[] args)
    {
        using var output = new StringWriter();

        var exit = await CompanionCli.RunAsync(args, output, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.StartsWith("companion: ", output.ToString(), StringComparison.Ordinal);
    }
}
