using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Telemetry;

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

    private static CoachSender CreateSut(PackedClient client, FakeTimeProvider time, bool packed, TimeSpan coachFrameInterval = default) => new(
        "conn", "session", () => client,
        new HubOptions
        {
            CoachFrameInterval = coachFrameInterval,
            PackedFrameInterval = TimeSpan.FromMilliseconds(100),
            CoachSendTimeout = TimeSpan.FromSeconds(30),
            CoachAbortAfter = TimeSpan.FromSeconds(60),
        },
        new HubMetrics(new TestMeterFactory()), time, NullLogger.Instance, () => { }) { Packed = packed };

    private static MetricSample[] Samples(long firstSeq, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MetricSample { Seq = firstSeq + i, ObservedAt = 1000 + i })];

    private sealed class PackedClient : ICoachClient, IPackedCoachClient
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

        public Task Samples(SamplesFrame frame)
        {
            Interlocked.Increment(ref _plainFrames);
            Plain.Add(frame);
            return Task.CompletedTask;
        }

        public Task RunnerStatus(RunnerStatusUpdate status) => Task.CompletedTask;

        public Task Alert(FormAlert alert) => Task.CompletedTask;

        public Task AlertCleared(FormAlert alert) => Task.CompletedTask;

        public Task CueUpdate(CueUpdate cue) => Task.CompletedTask;

        public Task MarkerAdded(SessionMarker marker) => Task.CompletedTask;

        public Task SessionUpdated(SessionSummary session) => Task.CompletedTask;

        public Task RepCompleted(RepCompleted rep) => Task.CompletedTask;

        public Task LapCompleted(LapCompleted lap) => Task.CompletedTask;
    }
}
