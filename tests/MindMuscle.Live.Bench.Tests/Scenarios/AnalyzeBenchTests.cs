using System.Text.Json;
using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Core.Samples;
using Spectre.Console.Testing;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>
/// The --analyze bench's own path: the simulated session it writes is a valid hub export, and the mode runs the real
/// coach console over it (it does not judge speed; the figure belongs in docs/benchmarks.md).
/// </summary>
public sealed class AnalyzeBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-analyze-test-").FullName;

    [Fact]
    public async Task WriteSessionAsync_ThreeRunners_EveryRowAValidExportRowInTimeOrder()
    {
        var config = new AnalyzeConfig { Runners = 3, Minutes = 2, Hz = 4, ConsoleDll = "unused" };
        var path = Path.Combine(_dir, "s.csv");

        var rows = await AnalyzeBench.WriteSessionAsync(config, path, TestContext.Current.CancellationToken);

        var lines = await File.ReadAllLinesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(3 * 2 * 60 * 4, rows);
        Assert.Equal(rows + 1, lines.Length);
        Assert.True(SessionCsv.IsHeader(lines[0]));
        var parsed = lines.Skip(1).Select(l => Assert.IsType<bool>(SessionCsv.TryParseRow(l, out var row, out string error)) ? row : throw new InvalidDataException(error)).ToList();
        Assert.Equal(["r01", "r02", "r03"], parsed.Select(r => r.RunnerId).Distinct());
        Assert.All(parsed.GroupBy(r => r.RunnerId), g => Assert.Equal(Enumerable.Range(1, 480).Select(i => (long)i), g.Select(r => r.Sample.Seq)));
        Assert.Equal(parsed.Select(r => r.Sample.ObservedAt).Order(), parsed.Select(r => r.Sample.ObservedAt));
        Assert.All(parsed, r => Assert.NotNull(r.Sample.SpeedMps));
        Assert.All(parsed, r => Assert.NotNull(r.Sample.HeartRateBpm));
    }

    [Fact]
    public async Task Analyze_TwoRunnersTwentyMinutes_RunsTheConsoleAndCountsItsReps()
    {
        var console = new TestConsole().Width(250);
        var json = Path.Combine(_dir, "analyze.json");

        var exit = await BenchCli.Build(console).Parse(
            ["--analyze", "--analyze-runners", "2", "--analyze-minutes", "20", "--analyze-hz", "1", "--analyze-repeats", "1", "--no-progress", "--json-out", json])
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(exit == 0, console.Output);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var analyze = report.RootElement.GetProperty("analyze");
        Assert.Equal(2 * 20 * 60, analyze.GetProperty("rows").GetInt64());
        Assert.InRange(analyze.GetProperty("repLines").GetInt64(), 2 * 2, 2 * 4); // 12 x 800 m from minute 8: 2-3 reps each by minute 20
        Assert.True(analyze.GetProperty("lapLines").GetInt64() > 2 * 10);
        Assert.Single(analyze.GetProperty("seconds").EnumerateArray());
        Assert.True(File.Exists(HubLocation.DefaultConsoleDll));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
