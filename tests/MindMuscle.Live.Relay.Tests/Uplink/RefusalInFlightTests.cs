using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Relay.Tests.Uplink;

/// <summary>A refusal of a batch behind one that fails: the pump only drains it, so the channel must say it.</summary>
public sealed class RefusalInFlightTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_LaterInFlightBatchRefusedWhileTheFirstFails_RefusalLoggedOnceAndTheRestRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, ct);
        using var logs = new CapturedLogs();
        await using var sut = await UplinkHarness.CreateAsync(hub.Url, logs: logs);
        await sut.WriteAsync(100);

        // The first batch (1..25) fails past its retries; the second (26..50) is refused for seq 30 meanwhile.
        hub.State.FailFirstBatch = 4;
        hub.State.RefuseSeq = 30;
        sut.Start();
        await WaitUntilAsync(() => sut.Outbox.GetStats(0) is { Pending: 0, AckedSeq: 100 }, () => $"outbox {sut.Outbox.GetStats(0)}, uplink {sut.Uplink.Status}", Step, ct);

        // The first batch's failure is what the round saw: the refusal behind it was only drained.
        Assert.True(sut.Uplink.Status.Failures >= 1, $"uplink {sut.Uplink.Status}");
        Assert.Equal(0, hub.State.FailFirstBatch);
        Assert.Equal(1, sut.Outbox.GetStats(0).DeadLettered);
        var refused = Assert.Single(logs.Events, e => e.Name == "BatchRefused");
        Assert.Contains("(seq 30) is 300 bpm", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 100).Where(i => i != 30).Select(i => (long)i), hub.State.Read(s => s.Runners.Values.Single().Recorded.Select(r => r.Seq).ToList()));
    }

    [Fact]
    public async Task RunAsync_RefusalThatMovesNothing_FailsTheRoundWithItsBackoffNotAtOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, ct);
        await using var sut = await UplinkHarness.CreateAsync(hub.Url);
        await sut.WriteAsync(10);

        // Every batch holding seq 5 is refused for a seq the relay does not hold: nothing can be dead-lettered.
        hub.State.RefuseSeq = 5;
        hub.State.RefusalNames = 999;
        sut.Start();
        await WaitUntilAsync(() => sut.Uplink.Status.Failures >= 2, () => $"uplink {sut.Uplink.Status}", Step, ct);

        Assert.Equal(0, sut.Outbox.GetStats(0).DeadLettered);
        Assert.Equal(10, sut.Outbox.GetStats(0).Pending);
        Assert.Contains("(seq 999)", sut.Uplink.Status.LastError, StringComparison.Ordinal);
    }

    private sealed class CapturedLogs : ILoggerFactory, ILoggerProvider
    {
        public ConcurrentQueue<(string Name, string Message)> Events { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(Events);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(string Name, string Message)> events) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                events.Enqueue((eventId.Name ?? "", formatter(state, exception)));
        }
    }
}
