using System.Diagnostics.Metrics;
using MindMuscle.Live.Bench.Load.Hosting;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Bench.Tests.Hosting;

/// <summary>
/// The watcher attached to this process, whose meter stands in for the hub's (same name, same instruments). The
/// runtime's metrics event source takes one session at a time, so these tests run one after another (one class).
/// </summary>
public sealed class MeterWatcherTests
{
    private const string NotReachable = "the runtime's diagnostics port is not reachable (DOTNET_EnableDiagnostics=0?)";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TryAttach_ThisProcess_ReadsEventsOffThePool()
    {
        using var sut = MeterWatcher.TryAttach(Environment.ProcessId, HubMeterMode.Counters);
        MissingPart.SkipOrFail(sut is null ? NotReachable : null);

        await WaitUntilAsync(() => sut!.ProcessesOnPoolThread is not null);

        Assert.False(sut!.ProcessesOnPoolThread);
    }

    [Fact]
    public async Task TryAttach_Counters_EnablesTheDroppedCounterAndNoHistogram()
    {
        // The histogram first: by the time the listener has enabled the counter, it has seen the histogram too.
        using var meter = new Meter("MindMuscle.Live.Hub");
        var histogram = meter.CreateHistogram<double>("mml.hub.fanout.send_duration");
        var dropped = meter.CreateCounter<long>("mml.hub.fanout.dropped");

        using var sut = MeterWatcher.TryAttach(Environment.ProcessId, HubMeterMode.Counters);
        MissingPart.SkipOrFail(sut is null ? NotReachable : null);
        await WaitUntilAsync(() => dropped.Enabled);

        Assert.False(histogram.Enabled, "a counters-only listener made the meter aggregate a histogram");
    }

    [Fact]
    public async Task TryAttach_Full_EnablesTheHistograms()
    {
        using var meter = new Meter("MindMuscle.Live.Hub");
        var histogram = meter.CreateHistogram<double>("mml.hub.fanout.send_duration");

        using var sut = MeterWatcher.TryAttach(Environment.ProcessId, HubMeterMode.Full);
        MissingPart.SkipOrFail(sut is null ? NotReachable : null);
        await WaitUntilAsync(() => histogram.Enabled);

        Assert.Equal(HubMeterMode.Full, sut!.Mode);
    }

    [Fact]
    public void TryAttach_None_AttachesNothing()
    {
        using var sut = MeterWatcher.TryAttach(Environment.ProcessId, HubMeterMode.None);

        Assert.Null(sut);
    }

    [Fact]
    public void Arguments_Counters_NamesOnlyCountersAndAllowsNoHistogram()
    {
        var arguments = MeterWatcher.Arguments(HubMeterMode.Counters);

        Assert.Equal("0", arguments["MaxHistograms"]);
        Assert.All(arguments["Metrics"].Split(';'), spec => Assert.Contains(spec, MeterWatcher.Counters.Select(c => "MindMuscle.Live.Hub\\" + c)));
        Assert.Contains("MindMuscle.Live.Hub\\mml.hub.fanout.dropped", arguments["Metrics"], StringComparison.Ordinal);
    }

    [Fact]
    public void LoadConfig_Default_ListensToTheCountersOnly()
    {
        Assert.Equal(HubMeterMode.Counters, new LoadConfig().HubMeters);
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
