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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
