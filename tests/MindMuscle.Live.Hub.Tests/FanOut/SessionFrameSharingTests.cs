using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>A session's coaches that are caught up send the same frame object (serialised once per protocol).</summary>
public sealed class SessionFrameSharingTests
{
    [Fact]
    public async Task FanOutSamples_TwoCoachesCaughtUp_SendTheSameMultiRunnerFrameObject()
    {
        var (fanOut, first, second) = CreateSession();

        fanOut.FanOutSamplesLocal("a", Samples(1, 1));
        var oneA = await first.Frames.NextAsync();
        var oneB = await second.Frames.NextAsync();
        fanOut.FanOutSamplesLocal("a", Samples(2, 2));
        fanOut.FanOutSamplesLocal("b", Samples(1, 1));
        fanOut.FanOutSamplesLocal("a", Samples(4, 1));
        first.Release();
        var twoA = await first.Frames.NextAsync();
        second.Release();
        var twoB = await second.Frames.NextAsync();
        first.Release();
        second.Release();

        Assert.Same(oneA, oneB);
        Assert.Same(twoA, twoB);
        Assert.NotNull(SharedFrames.Find(twoA));
        Assert.Equal([2L, 3, 4], twoA.Runners.Single(r => r.RunnerId == "a").Samples.Select(s => s.Seq));
        Assert.Equal([1L], twoA.Runners.Single(r => r.RunnerId == "b").Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task FanOutSamples_CoachBehindByTwoCuts_GetsOneMergedFrameOfItsOwnThenSharesAgain()
    {
        var (fanOut, first, second) = CreateSession();
        fanOut.FanOutSamplesLocal("a", Samples(1, 1));
        await first.Frames.NextAsync();
        await second.Frames.NextAsync();
        first.Release();

        // The second coach's send stays in flight while the first sends two frames (two cuts).
        fanOut.FanOutSamplesLocal("a", Samples(2, 1));
        var cutOne = await first.Frames.NextAsync();
        fanOut.FanOutSamplesLocal("a", Samples(3, 1));
        fanOut.FanOutSamplesLocal("b", Samples(1, 1));
        first.Release();
        var cutTwo = await first.Frames.NextAsync();
        first.Release();
        second.Release();
        var merged = await second.Frames.NextAsync();
        second.Release();
        fanOut.FanOutSamplesLocal("b", Samples(2, 1));
        var againA = await first.Frames.NextAsync();
        var againB = await second.Frames.NextAsync();
        first.Release();
        second.Release();

        Assert.NotSame(cutOne, merged);
        Assert.NotSame(cutTwo, merged);
        Assert.Equal([2L, 3], merged.Runners.Single(r => r.RunnerId == "a").Samples.Select(s => s.Seq));
        Assert.Equal([1L], merged.Runners.Single(r => r.RunnerId == "b").Samples.Select(s => s.Seq));
        Assert.Equal(0, merged.Dropped);
        Assert.Same(againA, againB);
        Assert.Equal([2L], againB.Runners.Single().Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task FanOutSamples_RunnersPublishingAtOnce_EachCoachGetsEverySampleOnceInSeqOrderPerRunner()
    {
        const int runners = 8, batches = 300;
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var coaches = new[] { new CollectingClient(), new CollectingClient(), new CollectingClient() };
        for (var i = 0; i < coaches.Length; i++)
        {
            // A queue the whole run fits in: nothing may be dropped for lagging, so every sample must arrive.
            fanOut.Watch(CreateSender($"c{i}", coaches[i], packed: i == 2, queueSamples: runners * batches));
        }

        // Each runner publishes on its own thread, like runners' publishes on the thread pool (one at a time per runner).
        await Task.WhenAll(Enumerable.Range(0, runners).Select(r => Task.Run(
            () =>
            {
                for (var seq = 1L; seq <= batches; seq++)
                {
                    fanOut.FanOutSamplesLocal($"r{r}", Samples(seq, 1));
                }
            },
            Ct)));
        await Polling.WaitUntilAsync(
            () => coaches.All(c => c.Count >= runners * batches), () => $"samples at the coaches: {string.Join(", ", coaches.Select(c => c.Count))}", HubTimeouts.Step, Ct);

        foreach (var coach in coaches)
        {
            var byRunner = coach.Received();
            Assert.Equal(runners * batches, coach.Count);
            Assert.Equal(runners, byRunner.Count);
            Assert.All(byRunner.Values, seqs => Assert.Equal(Enumerable.Range(1, batches).Select(i => (long)i), seqs));
        }
    }

    [Fact]
    public async Task FanOutSamples_OneCoachOfAKind_FramesNotRegisteredForSharing()
    {
        var (fanOut, first, _) = CreateSession(secondPacked: true);

        fanOut.FanOutSamplesLocal("a", Samples(1, 1));
        var frame = await first.Frames.NextAsync();
        first.Release();

        Assert.Null(SharedFrames.Find(frame));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (SessionFanOut FanOut, GatedClient First, GatedClient Second) CreateSession(bool secondPacked = false)
    {
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var first = new GatedClient();
        var second = new GatedClient();
        fanOut.Watch(CreateSender("one", first, packed: false));
        fanOut.Watch(CreateSender("two", second, secondPacked));
        return (fanOut, first, second);
    }

    // Interval zero: a frame whenever the coach is idle, so what coalesces is decided by the gated sends alone.
    private static CoachSender CreateSender(string connectionId, ICoachClient client, bool packed, int queueSamples = 1000) => new(
        connectionId, "session", () => client,
        new HubOptions
        {
            CoachQueueSamples = queueSamples,
            CoachFrameInterval = TimeSpan.Zero,
            PackedFrameInterval = TimeSpan.Zero,
            CoachSendTimeout = TimeSpan.FromSeconds(30),
            CoachAbortAfter = TimeSpan.FromSeconds(60),
        },
        new HubMetrics(new TestMeterFactory()), new FakeTimeProvider(), NullLogger.Instance, () => { })
    { Packed = packed };

    private static MetricSample[] Samples(long firstSeq, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new MetricSample { Seq = firstSeq + i, ObservedAt = 1000 + i })];

    /// <summary>A coach that reads at once, keeping every sample it got per runner.</summary>
    private sealed class CollectingClient : ICoachClient
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, List<long>> _seqs = [];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Dictionary<string, List<long>> Received()
        {
            lock (_gate)
            {
                return _seqs.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());
            }
        }

        public Task Samples(SamplesFrame frame)
        {
            lock (_gate)
            {
                foreach (var runner in frame.Runners)
                {
                    if (!_seqs.TryGetValue(runner.RunnerId, out var list))
                    {
                        _seqs[runner.RunnerId] = list = [];
                    }

                    list.AddRange(runner.Samples.Select(s => s.Seq));
                    _count += runner.Samples.Length;
                }
            }

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

    /// <summary>A coach whose Samples sends complete only when the test releases them.</summary>
    private sealed class GatedClient : ICoachClient
    {
        private readonly Queue<TaskCompletionSource> _gates = new();

        public Inbox<SamplesFrame> Frames { get; } = new();

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
