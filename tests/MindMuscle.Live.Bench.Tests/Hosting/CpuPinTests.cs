using System.Diagnostics;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Bench.Tests.Hosting;

/// <summary><c>--pin</c> on a real child process: every one of its threads ends up allowed on the one core only.</summary>
public sealed class CpuPinTests
{
    [Fact]
    public async Task PinAsync_ChildProcess_AllowsOnlyThatCore()
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2)
        {
            Assert.Skip("--pin needs Linux and two cores");
        }

        if (!File.Exists("/usr/bin/taskset") && !File.Exists("/bin/taskset"))
        {
            MissingPart.SkipOrFail("taskset (util-linux) is not installed");
            return;
        }

        using var child = Process.Start(new ProcessStartInfo("sleep", "30")) ?? throw new InvalidOperationException("sleep did not start");
        try
        {
            await CpuPin.PinAsync(child.Id, CpuPin.GeneratorCore, TestContext.Current.CancellationToken);

            foreach (var task in Directory.EnumerateDirectories($"/proc/{child.Id}/task"))
            {
                var status = await File.ReadAllLinesAsync(Path.Combine(task, "status"), TestContext.Current.CancellationToken);
                Assert.Contains($"Cpus_allowed_list:\t{CpuPin.GeneratorCore}", status);
            }
        }
        finally
        {
            child.Kill();
        }
    }

    [Fact]
    public async Task PinAsync_NoSuchProcess_ThrowsSayingToRunWithoutPin()
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount < 2 || !(File.Exists("/usr/bin/taskset") || File.Exists("/bin/taskset")))
        {
            Assert.Skip("--pin needs Linux, two cores and taskset");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CpuPin.PinAsync(int.MaxValue, CpuPin.HubCore, TestContext.Current.CancellationToken));

        Assert.Contains("run without --pin", error.Message, StringComparison.Ordinal);
    }
}
