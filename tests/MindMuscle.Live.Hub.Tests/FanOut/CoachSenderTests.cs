using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.FanOut;

using static MindMuscle.Live.Hub.Tests.FanOut.TestCoachSenders;

namespace MindMuscle.Live.Hub.Tests.FanOut;

public sealed class CoachSenderTests
{
    [Fact]
    public async Task EnqueueSamples_WhileSendInFlight_CoalescesIntoNextFrameGroupedByRunner()
    {
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
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
        var client = new GatedCoachClient();
        var sut = CreateSut(client, queueSamples: 1000);
        var samples = Samples(1, 2);
        var shared = SharedFrame.Create("session", "a", samples);

        sut.EnqueueSamples("a", samples, new SessionChunk(1, shared, sharedByPlain: true, sharedByPacked: false));
        var frame = await client.Frames.NextAsync();
        client.Release();

        Assert.Same(shared.Frame, frame);
        Assert.Same(shared, client.SharedAs(frame));
    }

    // Interval zero: a frame whenever the coach is idle (the coalescing tests above are about in-flight sends).
    private static CoachSender CreateSut(GatedCoachClient client, int queueSamples, TimeSpan? frameInterval = null, FakeTimeProvider? time = null) =>
        TestCoachSenders.Create(client, o => (o.CoachQueueSamples, o.CoachFrameInterval) = (queueSamples, frameInterval ?? TimeSpan.Zero), time);
}
