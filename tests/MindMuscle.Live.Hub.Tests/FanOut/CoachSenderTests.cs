using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.FanOut;

public sealed class CoachSenderTests
{
    [Fact]
    public async Task EnqueueSamples_WhileSendInFlight_CoalescesIntoNextFrameGroupedByRunner()
    {
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 1000);

        sut.EnqueueSamples("a", Samples(1, 1));
        var first = await client.Frames.NextAsync();
        sut.EnqueueSamples("a", Samples(2, 2));
        sut.EnqueueSamples("b", Samples(1, 1));
        sut.EnqueueSamples("a", Samples(4, 1));
        client.Release();
        var second = await client.Frames.NextAsync();
        client.Release();

        Assert.Equal([1L], first.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal([2L, 3, 4], second.Runners.Single(r => r.RunnerId == "a").Samples.Select(s => s.Seq));
        Assert.Equal([1L], second.Runners.Single(r => r.RunnerId == "b").Samples.Select(s => s.Seq));
        Assert.Equal(0, second.Dropped);
    }

    [Fact]
    public async Task EnqueueSamples_CoachStuckBeyondQueueBound_DropsOldestCountsAndReportsLagging()
    {
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 10);

        sut.EnqueueSamples("a", Samples(1, 1));
        await client.Frames.NextAsync();
        for (var seq = 2; seq < 30; seq += 4)
        {
            sut.EnqueueSamples("a", Samples(seq, 4));
        }

        client.Release();
        var lagging = await client.Statuses.NextAsync();
        var frame = await client.Frames.NextAsync();
        client.Release();

        Assert.Equal(RunnerState.Lagging, lagging.State);
        Assert.Equal(20, sut.DroppedTotal);
        Assert.Equal(20, frame.Dropped);
        Assert.Equal(Enumerable.Range(22, 8).Select(i => (long)i), frame.Runners.Single().Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task Close_StopsFeed_LaterSamplesNotSent()
    {
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 10);
        sut.EnqueueSamples("a", Samples(1, 1));
        await client.Frames.NextAsync();

        sut.Close();
        sut.EnqueueSamples("a", Samples(2, 1));
        client.Release();

        Assert.Equal(0, sut.PendingSamples);
        Assert.False(client.Frames.TryTake(out _));
    }

    [Fact]
    public async Task EnqueueSamples_WithinFrameInterval_HeldUntilIntervalThenSentAsOneFrame()
    {
        var time = new FakeTimeProvider();
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 1000, TimeSpan.FromMilliseconds(50), time);

        sut.EnqueueSamples("a", Samples(1, 1));
        var first = await client.Frames.NextAsync();
        client.Release();
        sut.EnqueueSamples("a", Samples(2, 1));
        sut.EnqueueSamples("b", Samples(1, 1));

        // The hub's clock stands still, so nothing may be sent however long we wait: the pump must be parked on the
        // interval, not sending each sample at once (a real-time pause to give a wrong pump the chance to send).
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        Assert.False(client.Frames.TryTake(out _));
        time.Advance(TimeSpan.FromMilliseconds(50));
        var second = await client.Frames.NextAsync();
        client.Release();

        Assert.Equal([1L], first.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal(["a", "b"], second.Runners.Select(r => r.RunnerId).Order());
        Assert.Equal(2, second.Runners.Sum(r => r.Samples.Length));
    }

    [Fact]
    public async Task EnqueueMessage_WithinFrameInterval_SentWithoutWaitingForInterval()
    {
        var time = new FakeTimeProvider();
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 1000, TimeSpan.FromMinutes(1), time);
        sut.EnqueueSamples("a", Samples(1, 1));
        await client.Frames.NextAsync();
        client.Release();

        sut.EnqueueSamples("a", Samples(2, 1));
        sut.EnqueueMessage(c => c.RunnerStatus(new RunnerStatusUpdate { RunnerId = "a", Name = "A", State = RunnerState.Stale, At = 1 }));

        // A cue update or alert goes at once (the clock never moves here), and takes the waiting samples along.
        var status = await client.Statuses.NextAsync();
        var frame = await client.Frames.NextAsync();
        client.Release();
        Assert.Equal(RunnerState.Stale, status.State);
        Assert.Equal([2L], frame.Runners.Single().Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task EnqueueSamples_IdleLongerThanInterval_SentAtOnce()
    {
        var time = new FakeTimeProvider();
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 1000, TimeSpan.FromMilliseconds(50), time);
        sut.EnqueueSamples("a", Samples(1, 1));
        await client.Frames.NextAsync();
        client.Release();

        time.Advance(TimeSpan.FromMilliseconds(51));
        sut.EnqueueSamples("a", Samples(2, 1));

        var frame = await client.Frames.NextAsync();
        client.Release();
        Assert.Equal([2L], frame.Runners.Single().Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task EnqueueMessage_BehindBacklogOfSamples_SentAfterOneBoundedFrameNotTheWholeBacklog()
    {
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 10_000);
        sut.EnqueueSamples("a", Samples(1, 1));
        await client.Frames.NextAsync();
        for (var seq = 2L; seq < 2 + (3 * CoachSender.MaxFrameSamples); seq += 100)
        {
            sut.EnqueueSamples("a", Samples(seq, 100));
        }

        client.Release();
        var firstPart = await client.Frames.NextAsync();
        sut.EnqueueMessage(c => c.RunnerStatus(new RunnerStatusUpdate { RunnerId = "a", Name = "A", State = RunnerState.Stale, At = 1 }));
        client.Release();
        var status = await client.Statuses.NextAsync();
        var secondPart = await client.Frames.NextAsync();
        client.Release();
        var thirdPart = await client.Frames.NextAsync();
        client.Release();

        Assert.Equal(RunnerState.Stale, status.State);
        Assert.Equal(CoachSender.MaxFrameSamples, firstPart.Runners.Single().Samples.Length);
        Assert.Equal(2L, firstPart.Runners.Single().Samples[0].Seq);
        Assert.Equal(2L + CoachSender.MaxFrameSamples, secondPart.Runners.Single().Samples[0].Seq);
        Assert.Equal(CoachSender.MaxFrameSamples, secondPart.Runners.Single().Samples.Length);
        Assert.Equal(2L + (2 * CoachSender.MaxFrameSamples), thirdPart.Runners.Single().Samples[0].Seq);
    }

    [Fact]
    public async Task EnqueueSamples_SharedFrameMakingUpWholeFrame_SentAsTheSharedObject()
    {
        var client = new GatedClient();
        var sut = CreateSut(client, queueSamples: 1000);
        var samples = Samples(1, 2);
        var shared = SharedFrames.Create("session", "a", samples);

        sut.EnqueueSamples("a", samples, new SessionChunk(1, shared, sharedByPlain: true, sharedByPacked: false));
        var frame = await client.Frames.NextAsync();
        client.Release();

        Assert.Same(shared, frame);
    }

    // Interval zero: a frame whenever the coach is idle (the coalescing tests above are about in-flight sends).
    private static CoachSender CreateSut(GatedClient client, int queueSamples, TimeSpan? frameInterval = null, FakeTimeProvider? time = null) => new(
        "conn", "session", () => client,
        new HubOptions
        {
            CoachQueueSamples = queueSamples,
            CoachFrameInterval = frameInterval ?? TimeSpan.Zero,
            CoachSendTimeout = TimeSpan.FromSeconds(30),
            CoachAbortAfter = TimeSpan.FromSeconds(60),
        },
        new HubMetrics(new TestMeterFactory()), time ?? new FakeTimeProvider(), NullLogger.Instance, () => { });

    private static MetricSample[] Samples(long firstSeq, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MetricSample { Seq = firstSeq + i, ObservedAt = 1000 + i })];

    /// <summary>A coach whose Samples sends complete only when the test releases them.</summary>
    private sealed class GatedClient : ICoachClient
    {
        private readonly Queue<TaskCompletionSource> _gates = new();

        public Inbox<SamplesFrame> Frames { get; } = new();

        public Inbox<RunnerStatusUpdate> Statuses { get; } = new();

        public void Release()
        {
            lock (_gates)
            {
                _gates.Dequeue().SetResult();
            }
        }

        public Task Samples(SamplesFrame frame)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gates)
            {
                _gates.Enqueue(gate);
            }

            Frames.Add(frame);
            return gate.Task;
        }

        public Task RunnerStatus(RunnerStatusUpdate status)
        {
            Statuses.Add(status);
            return Task.CompletedTask;
        }

        public Task Alert(FormAlert alert) => Task.CompletedTask;

        public Task AlertCleared(FormAlert alert) => Task.CompletedTask;

        public Task CueUpdate(CueUpdate cue) => Task.CompletedTask;

        public Task MarkerAdded(SessionMarker marker) => Task.CompletedTask;

        public Task SessionUpdated(SessionSummary session) => Task.CompletedTask;

        public Task RepCompleted(RepCompleted rep) => Task.CompletedTask;

        public Task LapCompleted(LapCompleted lap) => Task.CompletedTask;
    }
}

internal sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
{
    private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
    {
        var meter = new System.Diagnostics.Metrics.Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
