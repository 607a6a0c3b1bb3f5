using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.TestKit.Waiting;

using static MindMuscle.Live.Hub.Tests.FanOut.TestCoachSenders;

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
        Assert.NotNull(first.SharedAs(twoA));
        Assert.Same(first.SharedAs(twoA), second.SharedAs(twoB));
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

        Assert.Null(first.SharedAs(frame));
    }

    [Fact]
    public async Task FanOutSamples_CoachDroppedThenCaughtUp_SendsEachKeptSampleOnceThenSharesFramesAgain()
    {
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var fast = new GatedCoachClient();
        var slow = new GatedCoachClient();
        fanOut.Watch(CreateSender("fast", fast, packed: false));
        fanOut.Watch(CreateSender("slow", slow, packed: false, queueSamples: 3));

        fanOut.FanOutSamplesLocal("a", Samples(1, 1));
        var firstFast = await fast.Frames.NextAsync();
        var firstSlow = await slow.Frames.NextAsync();
        for (var seq = 2L; seq <= 7; seq++)
        {
            // Both sends are in flight: the slow coach's queue of 3 keeps only 5, 6 and 7.
            fanOut.FanOutSamplesLocal("a", Samples(seq, 1));
        }

        fast.Release();
        var catchUpFast = await fast.Frames.NextAsync();
        slow.Release();
        var catchUpSlow = await slow.Frames.NextAsync();
        fast.Release();
        slow.Release();
        fanOut.FanOutSamplesLocal("a", Samples(8, 1));
        var againFast = await fast.Frames.NextAsync();
        var againSlow = await slow.Frames.NextAsync();
        fast.Release();
        slow.Release();

        Assert.Same(firstFast, firstSlow);
        Assert.Equal([2L, 3, 4, 5, 6, 7], catchUpFast.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal(0, catchUpFast.Dropped);
        Assert.NotSame(catchUpFast, catchUpSlow);
        Assert.Equal([5L, 6, 7], catchUpSlow.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal(3, catchUpSlow.Dropped);
        Assert.Same(againFast, againSlow);
        Assert.Equal([8L], againSlow.Runners.Single().Samples.Select(s => s.Seq));
    }

    [Fact]
    public async Task FanOutSamples_CoachWatchingWhileRunnersPublish_GetsEachRunnersSamplesOnceInOrderFromWhereItJoined()
    {
        const int runners = 6, perPhase = 5_000, queue = 1_000_000;
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var early = new[] { new CollectingClient(), new CollectingClient() };
        fanOut.Watch(CreateSender("e0", early[0], packed: false, queueSamples: queue));
        fanOut.Watch(CreateSender("e1", early[1], packed: true, queueSamples: queue));
        var late = new[] { new CollectingClient(), new CollectingClient() };
        var last = new long[runners];
        var watched = 0;

        // The late coaches watch in the middle of the first phase's hand-overs; a runner that ends its first phase before
        // they do waits for them, so every runner also publishes a second phase after they watched. Bounded work: a
        // loaded machine makes the race land elsewhere, never the test publish without end.
        var publishing = Task.WhenAll(Enumerable.Range(0, runners).Select(r => Task.Factory.StartNew(
            () =>
            {
                for (var seq = 1L; seq <= 2 * perPhase; seq++)
                {
                    if (seq == perPhase + 1)
                    {
                        SpinWait.SpinUntil(() => Volatile.Read(ref watched) == 1 || Ct.IsCancellationRequested);
                    }

                    fanOut.FanOutSamplesLocal($"r{r}", Samples(seq, 1));
                    Volatile.Write(ref last[r], seq);
                }
            },
            Ct,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
        await Polling.WaitUntilAsync(() => early[0].Count > 0, () => "no sample reached the first coach", HubTimeouts.Step, Ct);
        fanOut.Watch(CreateSender("l0", late[0], packed: false, queueSamples: queue));
        fanOut.Watch(CreateSender("l1", late[1], packed: true, queueSamples: queue));
        Volatile.Write(ref watched, 1);
        await publishing;
        await Polling.WaitUntilAsync(
            () => late.All(c => c.Received().Count == runners), () => $"runners at the late coaches: {string.Join(" / ", late.Select(c => string.Join(",", c.Received().Keys)))}", HubTimeouts.Step, Ct);
        var total = last.Sum();
        await Polling.WaitUntilAsync(
            () => early.All(c => c.Count >= total)
                && late.All(c => c.Received() is var got && Enumerable.Range(0, runners).All(r => got[$"r{r}"][^1] == last[r])),
            () => $"samples at the coaches: {string.Join(", ", early.Concat(late).Select(c => c.Count))} of {total}",
            HubTimeouts.Step,
            Ct);

        foreach (var coach in early)
        {
            Assert.Equal(total, coach.Count);
            Assert.All(Enumerable.Range(0, runners), r => Assert.Equal(Enumerable.Range(1, (int)last[r]).Select(i => (long)i), coach.Received()[$"r{r}"]));
        }

        foreach (var coach in late)
        {
            // Every sample handed over after it watched, once and in order: a gapless run up to the runner's last batch.
            var got = coach.Received();
            Assert.All(Enumerable.Range(0, runners), r =>
            {
                var seqs = got[$"r{r}"];
                Assert.Equal(Enumerable.Range((int)seqs[0], (int)last[r] - (int)seqs[0] + 1).Select(i => (long)i), seqs);
            });
        }
    }

    [Fact]
    public async Task FanOutSamples_OneCoachsSenderThrows_PublishGoesOnOtherCoachesGetEveryBatchAndTheLossIsCounted()
    {
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var good = new CollectingClient();
        fanOut.Watch(CreateSender("broken", new CollectingClient(), packed: false, time: new BrokenClock()));
        fanOut.Watch(CreateSender("good", good, packed: false));

        for (var seq = 1L; seq <= 5; seq++)
        {
            fanOut.FanOutSamplesLocal("a", Samples(seq, 1));
        }

        await Polling.WaitUntilAsync(() => good.Count >= 5, () => $"samples at the good coach: {good.Count}", HubTimeouts.Step, Ct);
        Assert.Equal([1L, 2, 3, 4, 5], good.Received()["a"]);
        Assert.Equal(5, fanOut.HandOversLost);
    }

    [Fact]
    public async Task FanOutSamples_BatchesQueuedWhileAPublisherHandsOver_HandedOverOffThatPublishersThread()
    {
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var coach = new CollectingClient();
        using var clock = new BlockingClock();
        fanOut.Watch(CreateSender("coach", coach, packed: false, time: clock));

        // The first publisher is stopped inside its hand-over; two more batches queue behind it meanwhile.
        var first = new Thread(() => fanOut.FanOutSamplesLocal("a", Samples(1, 1))) { IsBackground = true };
        clock.BlockNextOn(first);
        first.Start();
        await Polling.WaitUntilAsync(() => clock.Blocked, () => "the first hand-over did not start", HubTimeouts.Step, Ct);
        fanOut.FanOutSamplesLocal("b", Samples(1, 1));
        fanOut.FanOutSamplesLocal("c", Samples(1, 1));
        clock.Release();

        await Polling.WaitUntilAsync(() => coach.Count >= 3, () => $"samples at the coach: {coach.Count}", HubTimeouts.Step, Ct);
        Assert.Equal(["a", "b", "c"], coach.Received().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, clock.CallsOnBlockedThread);
    }

    [Fact]
    public async Task EnqueueSamples_CutSpanningAChunkOutsideTheSessionOrder_CoachSendsEachSampleOnce()
    {
        var cutter = new GatedCoachClient();
        var other = new GatedCoachClient();
        var cutterSender = CreateSender("cutter", cutter, packed: false);
        var otherSender = CreateSender("other", other, packed: false);
        cutterSender.EnqueueSamples("p", Samples(1, 1));
        otherSender.EnqueueSamples("p", Samples(1, 1));
        await cutter.Frames.NextAsync();
        await other.Frames.NextAsync();

        // Chunks 1 and 2 of the session reach both coaches; the other coach also holds a chunk of its own between them.
        var one = new SessionChunk(1, null, sharedByPlain: true, sharedByPacked: false);
        var two = new SessionChunk(2, null, sharedByPlain: true, sharedByPacked: false);
        cutterSender.EnqueueSamples("a", Samples(1, 1), one);
        cutterSender.EnqueueSamples("a", Samples(2, 1), two);
        otherSender.EnqueueSamples("a", Samples(1, 1), one);
        otherSender.EnqueueSamples("b", Samples(1, 1));
        otherSender.EnqueueSamples("a", Samples(2, 1), two);
        cutter.Release();
        var cut = await cutter.Frames.NextAsync();
        cutter.Release();

        var got = new List<(string Runner, long Seq)>();
        other.Release();
        while (got.Count < 3)
        {
            var frame = await other.Frames.NextAsync();
            got.AddRange(frame.Runners.SelectMany(r => r.Samples.Select(s => (r.RunnerId, s.Seq))));
            other.Release();
        }

        Assert.Equal([1L, 2], cut.Runners.Single().Samples.Select(s => s.Seq));
        Assert.Equal([("a", 1L), ("a", 2L), ("b", 1L)], got.Order());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (SessionFanOut FanOut, GatedCoachClient First, GatedCoachClient Second) CreateSession(bool secondPacked = false)
    {
        var fanOut = new SessionFanOut("session", NullSessionBus.Instance);
        var first = new GatedCoachClient();
        var second = new GatedCoachClient();
        fanOut.Watch(CreateSender("one", first, packed: false));
        fanOut.Watch(CreateSender("two", second, secondPacked));
        return (fanOut, first, second);
    }

    // Interval zero: a frame whenever the coach is idle, so what coalesces is decided by the gated sends alone.
    private static CoachSender CreateSender(string connectionId, ICoachClient client, bool packed, int queueSamples = 1000, TimeProvider? time = null) =>
        Create(client, o => (o.CoachQueueSamples, o.CoachFrameInterval, o.PackedFrameInterval) = (queueSamples, TimeSpan.Zero, TimeSpan.Zero), time, connectionId, packed: packed);

    /// <summary>A coach that reads at once, keeping every sample it got per runner.</summary>
    private sealed class CollectingClient : CoachClientStub
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

        public override Task Samples(SamplesFrame frame)
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
    }

    /// <summary>A clock that fails: a coach sender using it throws on every hand-over.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override long GetTimestamp() => throw new InvalidOperationException("clock broken for the test");
    }

    /// <summary>A clock that stops one thread's first reading until released, and counts that thread's readings.</summary>
    private sealed class BlockingClock : TimeProvider, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private Thread? _thread;
        private int _calls;
        private int _blocked;

        public bool Blocked => Volatile.Read(ref _blocked) == 1;

        public int CallsOnBlockedThread => Volatile.Read(ref _calls);

        public void BlockNextOn(Thread thread) => _thread = thread;

        public void Release() => _released.Set();

        public override long GetTimestamp()
        {
            if (ReferenceEquals(Thread.CurrentThread, _thread) && Interlocked.Increment(ref _calls) == 1)
            {
                Volatile.Write(ref _blocked, 1);
                _released.Wait(HubTimeouts.Step);
            }

            return base.GetTimestamp();
        }

        public void Dispose() => _released.Dispose();
    }
}
