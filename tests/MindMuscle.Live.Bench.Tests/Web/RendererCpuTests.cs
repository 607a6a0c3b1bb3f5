using MindMuscle.Live.Bench.Load.Web;

namespace MindMuscle.Live.Bench.Tests.Web;

/// <summary>The renderer CPU figures over a fake /proc: same processes give a figure, changed ones give a reason.</summary>
public sealed class RendererCpuTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mml-proc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Between_SameProcesses_GivesOnCpuPercentOfOneCore()
    {
        WriteStat(100, startTicks: 5_000, processTicks: (300, 100), mainTicks: (200, 50));
        WriteStat(200, startTicks: 5_100, processTicks: (10, 0), mainTicks: (10, 0));
        var before = RendererCpu.Read([100, 200], _root);
        WriteStat(100, startTicks: 5_000, processTicks: (500, 200), mainTicks: (300, 100));
        WriteStat(200, startTicks: 5_100, processTicks: (30, 0), mainTicks: (20, 0));
        var after = RendererCpu.Read([100, 200], _root);

        var window = RendererCpu.Between(before, after, seconds: 4);

        // (200 + 100 + 20) ticks = 3.2 s of 4 s; main threads (100 + 50 + 10) ticks = 1.6 s.
        Assert.Equal(new RendererWindow(80.0, 40.0, null), window);
    }

    [Fact]
    public void Between_RendererReplacedUnderTheSamePid_GivesNoFigureButTheReason()
    {
        WriteStat(100, startTicks: 5_000, processTicks: (900, 100), mainTicks: (800, 50));
        var before = RendererCpu.Read([100], _root);
        WriteStat(100, startTicks: 9_000, processTicks: (1, 0), mainTicks: (1, 0));
        var after = RendererCpu.Read([100], _root);

        var window = RendererCpu.Between(before, after, seconds: 6);

        Assert.Null(window.ProcessPct);
        Assert.Null(window.MainThreadPct);
        Assert.Contains("gone: pid 100 started at tick 5000; started: pid 100 started at tick 9000", window.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_RendererExitedAndAnotherStarted_GivesNoFigureButTheReason()
    {
        WriteStat(100, startTicks: 5_000, processTicks: (600, 0), mainTicks: (600, 0));
        var before = RendererCpu.Read([100], _root);
        Directory.Delete(Path.Combine(_root, "100"), recursive: true);
        WriteStat(300, startTicks: 9_000, processTicks: (2, 0), mainTicks: (2, 0));
        var after = RendererCpu.Read([100, 300], _root);

        var window = RendererCpu.Between(before, after, seconds: 6);

        Assert.Null(window.ProcessPct);
        Assert.Contains("gone: pid 100 started at tick 5000; started: pid 300 started at tick 9000", window.Unavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_NoRendererAtTheStart_SaysSo()
    {
        var before = RendererCpu.Read([100], _root);
        WriteStat(100, startTicks: 5_000, processTicks: (1, 0), mainTicks: (1, 0));

        var window = RendererCpu.Between(before, RendererCpu.Read([100], _root), seconds: 6);

        Assert.Equal(RendererWindow.None("no renderer process was found at the window's start"), window);
    }

    [Fact]
    public void Read_CommandNameWithSpacesAndParentheses_ReadsTheFieldsAfterIt()
    {
        WriteStat(100, startTicks: 7, processTicks: (150, 50), mainTicks: (100, 0), command: "chromium (renderer) x");

        var reading = RendererCpu.Read([100], _root);

        var (key, sample) = Assert.Single(reading);
        Assert.Equal(new RendererCpu.ProcessKey(100, 7), key);
        Assert.Equal(new RendererCpu.Sample(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), sample);
    }

    /// <summary>A /proc/PID/stat (and its main thread's) in the kernel's format: utime is field 14, stime 15, starttime 22.</summary>
    private void WriteStat(int pid, long startTicks, (long User, long System) processTicks, (long User, long System) mainTicks, string command = "chromium")
    {
        var main = Path.Combine(_root, $"{pid}", "task", $"{pid}");
        Directory.CreateDirectory(main);
        File.WriteAllText(Path.Combine(_root, $"{pid}", "stat"), Stat(pid, command, processTicks, startTicks));
        File.WriteAllText(Path.Combine(main, "stat"), Stat(pid, command, mainTicks, startTicks));
    }

    private static string Stat(int pid, string command, (long User, long System) ticks, long startTicks) =>
        $"{pid} ({command}) S 1 {pid} {pid} 0 -1 4194560 100 0 0 0 {ticks.User} {ticks.System} 0 0 20 0 12 0 {startTicks} 123456 789 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n";
}
