using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.FanOut;

using static MindMuscle.Live.Hub.Tests.FanOut.TestCoachSenders;

namespace MindMuscle.Live.Hub.Tests.FanOut;

public sealed class PackedCoachSenderTests
{
    [Fact]
    public async Task EnqueueSamples_PackedCoach_SendsPackedBytesPacedByPackedFrameInterval()
    {
        var time = new FakeTimeProvider();
        var client = new PackedClient();
        var sut = CreateSut(client, time, packed: true);

        sut.EnqueueSamples("a", Samples(1, 1));
        var first = PackedSamples.Read(await client.Packed.NextAsync());
        sut.EnqueueSamples("a", Samples(2, 1));
        time.Advance(TimeSpan.FromMilliseconds(60));
        sut.EnqueueSamples("b", Samples(1, 1));
        time.Advance(TimeSpan.FromMilliseconds(40));
        var second = PackedSamples.Read(await client.Packed.NextAsync());

        Assert.Equal([1L], first.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal("session", second.SessionId);
        Assert.Equal(["a", "b"], second.Runners.Select(r => r.RunnerId).Order());
        Assert.Equal(0, client.PlainFrames);
    }

    [Fact]
    public async Task EnqueueSamples_PlainCoach_SendsSamplesFramesPacedByCoachFrameInterval()
    {
        // A coach frame interval longer than the packed one: a sample at the packed interval must still wait.
        var time = new FakeTimeProvider();
        var client = new PackedClient();
        var sut = CreateSut(client, time, packed: false, coachFrameInterval: TimeSpan.FromMilliseconds(200));

        sut.EnqueueSamples("a", Samples(1, 1));
        var first = await client.Plain.NextAsync();
        sut.EnqueueSamples("a", Samples(2, 1));
        time.Advance(TimeSpan.FromMilliseconds(100));
        sut.EnqueueSamples("b", Samples(1, 1));
        time.Advance(TimeSpan.FromMilliseconds(100));
        var second = await client.Plain.NextAsync();

        Assert.Equal([1L], first.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal(["a", "b"], second.Runners.Select(r => r.RunnerId).Order());
        Assert.Equal(2, client.PlainFrames);
        Assert.False(client.Packed.TryTake(out _));
    }

    [Fact]
    public async Task EnqueueSamples_PlainCoachDefaultOptions_SendsEachSampleOnceTheCoachIsIdle()
    {
        // The default interval holds nothing back: on a clock that never moves, the second sample still goes out as its
        // own frame once the first send completed (a 5 ms default held it until the clock moved 5 ms).
        var client = new PackedClient();
        var sut = Create(client, time: new FakeTimeProvider());

        sut.EnqueueSamples("a", Samples(1, 1));
        var first = await client.Plain.NextAsync();
        sut.EnqueueSamples("a", Samples(2, 1));
        var second = await client.Plain.NextAsync();

        Assert.Equal([1L], first.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal([2L], second.Runners.Single().Samples.Select(s => s.Seq));
    }

    private static CoachSender CreateSut(PackedClient client, FakeTimeProvider time, bool packed, TimeSpan coachFrameInterval = default) =>
        Create(client, o => (o.CoachFrameInterval, o.PackedFrameInterval) = (coachFrameInterval, TimeSpan.FromMilliseconds(100)), time, packed: packed);

    private sealed class PackedClient : CoachClientStub, IPackedCoachClient
    {
        private int _plainFrames;

        public Inbox<byte[]> Packed { get; } = new();

        public Inbox<SamplesFrame> Plain { get; } = new();

        public int PlainFrames => Volatile.Read(ref _plainFrames);

        public Task SamplesPacked(byte[] frame)
        {
            Packed.Add(frame);
            return Task.CompletedTask;
        }

        public override Task Samples(SamplesFrame frame)
        {
            Interlocked.Increment(ref _plainFrames);
            Plain.Add(frame);
            return Task.CompletedTask;
        }
    }
}
