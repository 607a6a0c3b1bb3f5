using System.Diagnostics;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

public sealed class ThreadCpuTests
{
    [Fact]
    public void Between_GroupsByName_CountsNewThreadsFromZero_SkipsEndedOnes()
    {
        var before = new Dictionary<int, ThreadCpu.Sample>
        {
            [1] = new(".NET TP Worker", 1_000_000_000, 100_000_000),
            [2] = new(".NET TP Worker", 2_000_000_000, 0),
            [3] = new("MML recorder", 500_000_000, 0),
            [5] = new(".NET Timer", 9_000_000_000, 0), // ended before the second snapshot
        };
        var after = new Dictionary<int, ThreadCpu.Sample>
        {
            [1] = new(".NET TP Worker", 1_400_000_000, 300_000_000),
            [2] = new(".NET TP Worker", 2_200_000_000, 100_000_000),
            [3] = new("MML recorder", 700_000_000, 50_000_000),
            [4] = new(".NET TP Worker", 200_000_000, 0), // started in between
        };

        var usage = ThreadCpu.Between(before, after, seconds: 2);

        Assert.Equal(
            [new ThreadGroupUsage(".NET TP Worker", 3, 40.0, 15.0), new ThreadGroupUsage("MML recorder", 1, 10.0, 2.5)],
            usage);
        Assert.Equal(".NET TP Worker x3 40.0 % (waited 15.0 %), MML recorder x1 10.0 % (waited 2.5 %)", ThreadCpu.Describe(usage));
    }

    [Theory]
    [InlineData("123 456 7\n", 123L, 456L)]
    [InlineData("0 0 0", 0L, 0L)]
    public void ParseSchedstat_KernelFormat_RunAndWaitNanoseconds(string text, long run, long wait) =>
        Assert.Equal((run, wait), ThreadCpu.ParseSchedstat(text));

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("a b c")]
    public void ParseSchedstat_NotSchedstat_Null(string text) => Assert.Null(ThreadCpu.ParseSchedstat(text));

    [Fact]
    public void Snapshot_OwnProcess_SeesANamedThreadBurnCpu()
    {
        using var burnt = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var x = 0UL;
            while (clock.ElapsedMilliseconds < 200)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }

            GC.KeepAlive(x);
            burnt.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        })
        { Name = "mml-burn-test", IsBackground = true };

        var before = ThreadCpu.Snapshot(Environment.ProcessId);
        thread.Start();
        Assert.True(burnt.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var after = ThreadCpu.Snapshot(Environment.ProcessId);
        release.Set();
        thread.Join();

        var burn = Assert.Single(ThreadCpu.Between(before, after, seconds: 1), u => u.Name == "mml-burn-test");
        Assert.Equal(1, burn.Threads);
        // Busy for 200 ms of wall clock; on a loaded box some of it is spent waiting for a core instead.
        Assert.InRange(burn.CpuPercent + burn.RunQueueWaitPercent, 15, 100);
        Assert.True(burn.CpuPercent > 0);
    }
}
