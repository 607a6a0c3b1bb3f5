using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Bench.Tests.Hosting;

public sealed class MeterWatcherTests
{
    [Fact]
    public async Task TryAttach_ThisProcess_ReadsEventsOffThePool()
    {
        using var sut = MeterWatcher.TryAttach(Environment.ProcessId);
        MissingPart.SkipOrFail(sut is null ? "the runtime's diagnostics port is not reachable (DOTNET_EnableDiagnostics=0?)" : null);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (sut!.ProcessesOnPoolThread is null)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.False(sut.ProcessesOnPoolThread);
    }
}
