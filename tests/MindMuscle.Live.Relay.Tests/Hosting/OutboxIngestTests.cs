using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Hosting;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace MindMuscle.Live.Relay.Tests.Hosting;

public sealed class OutboxIngestTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly IOutbox _outbox = Substitute.For<IOutbox>();

    [Fact]
    public async Task RunAsync_OutboxFailsOnce_KeepsTheBatchAndWritesItAgain()
    {
        var written = new List<SourceReading>();
        var calls = 0;
        _outbox.Append(Arg.Any<IReadOnlyList<SourceReading>>()).Returns(call =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new OutboxException("disk full");
            }

            var batch = call.Arg<IReadOnlyList<SourceReading>>();
            written.AddRange(batch);
            return new AppendResult([], 0);
        });

        await CreateSut().RunAsync(new FixedSource(3), runners: 1, Ct).WaitAsync(Step, Ct);

        // The source's timing decides how the readings are batched; each must be written once, in order, after the failure.
        Assert.InRange(calls, 2, 4);
        Assert.Equal([1L, 2, 3], written.Select(r => r.Sample.ObservedAt));
    }

    [Fact]
    public async Task RunAsync_FailureThatIsNotTheOutboxs_NotSwallowed()
    {
        _outbox.Append(Arg.Any<IReadOnlyList<SourceReading>>()).Throws(new InvalidOperationException("a bug"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateSut().RunAsync(new FixedSource(3), runners: 1, Ct).WaitAsync(Step, Ct));

        Assert.Equal("a bug", ex.Message);
    }

    [Fact]
    public async Task RunAsync_ReadingForAnUnknownRunner_Dropped()
    {
        var written = new List<SourceReading>();
        _outbox.Append(Arg.Do<IReadOnlyList<SourceReading>>(b => written.AddRange(b))).Returns(new AppendResult([], 0));

        await CreateSut().RunAsync(new FixedSource(3, runnerIndex: 1), runners: 1, Ct).WaitAsync(Step, Ct);

        Assert.Empty(written);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OutboxIngest CreateSut() => new(_outbox, TimeProvider.System, NullLogger<OutboxIngest>.Instance);

    private sealed class FixedSource(int count, int runnerIndex = 0) : IReadingSource
    {
        public IReadOnlyList<string> RunnerNames => ["Ana"];

        public event EventHandler<SensorStatusChanged>? SensorStatusChanged
        {
            add { }
            remove { }
        }

        public async IAsyncEnumerable<SourceReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var i = 1; i <= count; i++)
            {
                await Task.Yield();
                yield return new SourceReading(runnerIndex, new MetricSample { ObservedAt = i });
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
