using CsCheck;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Bench.Tests.Hosting;

public sealed class GcWatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryAttach_ThisProcess_ReadsEventsOffThePool()
    {
        using var sut = GcWatcher.TryAttach(Environment.ProcessId);
        MissingPart.SkipOrFail(sut is null ? "the runtime's diagnostics port is not reachable (DOTNET_EnableDiagnostics=0?)" : null);

        await WaitUntilAsync(() => sut!.ProcessesOnPoolThread is not null);

        Assert.False(sut!.ProcessesOnPoolThread);
    }

    [Fact]
    public async Task PausesBetween_ThisProcessCollects_CountsThePause()
    {
        using var sut = GcWatcher.TryAttach(Environment.ProcessId);
        MissingPart.SkipOrFail(sut is null ? "the runtime's diagnostics port is not reachable (DOTNET_EnableDiagnostics=0?)" : null);
        var from = System.Diagnostics.Stopwatch.GetTimestamp();

        // Events reach the session in batches: collect until one pause has come through.
        await WaitUntilAsync(() =>
        {
            GC.Collect();
            return sut!.PausesBetween(from, System.Diagnostics.Stopwatch.GetTimestamp()).Count > 0;
        });

        var pauses = sut!.PausesBetween(from, System.Diagnostics.Stopwatch.GetTimestamp());
        Assert.True(pauses.MaxMs >= 0 && pauses.TotalMs >= pauses.MaxMs, $"pauses: {pauses}");
    }

    [Fact]
    public void IsForGc_EveryReason_OnlyTheGcsSuspensions()
    {
        var forGc = Enum.GetValues<GCSuspendEEReason>().Where(GcWatcher.IsForGc);

        Assert.Equal([GCSuspendEEReason.SuspendForGC, GCSuspendEEReason.SuspendForGCPrep], forGc.Order());
    }

    [Fact]
    public void Of_OnePause_TotalIsThePause()
    {
        var sut = GcPauses.Of([1.23]);

        Assert.Equal(new GcPauses(1, 1.23, 1.23, 1.23), sut);
    }

    [Fact]
    public void Of_AnyPauses_TotalAtLeastLongestAtLeastP99()
    {
        Gen.Double[0, 50].Array[0, 200].Sample(pauses =>
        {
            var sut = GcPauses.Of(pauses);

            Assert.Equal(pauses.Length, sut.Count);
            Assert.True(sut.TotalMs >= sut.MaxMs && sut.MaxMs >= sut.P99Ms, $"{sut} from [{string.Join(", ", pauses)}]");
            Assert.Equal(pauses.Length == 0 ? 0 : Math.Round(pauses.Max(), 2), sut.MaxMs);
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
