using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;
using NSubstitute;

namespace MindMuscle.Live.RunnerKit.Tests.Speech;

public sealed class SpeechQueueTests : IAsyncDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(1.5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));
    private readonly ISpeechOutput _output = Substitute.For<ISpeechOutput>();
    private readonly Channel<Speaking> _calls = Channel.CreateUnbounded<Speaking>();
    private readonly RecordingSink _sink = new();
    private readonly CancellationTokenSource _stop = new();
    private int _active;
    private int _maxActive;
    private Task? _loop;

    public SpeechQueueTests()
    {
        _output.SpeakAsync(Arg.Any<CueMessage>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var active = Interlocked.Increment(ref _active);
            InterlockedMax(ref _maxActive, active);
            call.Arg<CancellationToken>().Register(() => done.TrySetCanceled());
            _calls.Writer.TryWrite(new Speaking(call.Arg<CueMessage>(), _time.GetUtcNow(), done));
            return done.Task.ContinueWith(
                t =>
                {
                    Interlocked.Decrement(ref _active);
                    return t;
                },
                TaskScheduler.Default).Unwrap();
        });
    }

    [Fact]
    public async Task RunAsync_CueExpiresWhileAnotherSpeaks_ReportedExpiredAndNeverSpoken()
    {
        var sut = StartSut();
        sut.Enqueue(Cue("a", ttl: TimeSpan.FromSeconds(60)));
        sut.Enqueue(Cue("b", ttl: TimeSpan.FromSeconds(5)));
        var a = await NextCallAsync();

        _time.Advance(TimeSpan.FromSeconds(6));
        a.Done.SetResult();
        await _sink.WaitForAsync("b", CueStatus.Expired, Step);
        await _sink.WaitForAsync("a", CueStatus.Spoken, Step);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("a", a.Cue.CueId);
        Assert.False(_calls.Reader.TryRead(out _));
        Assert.DoesNotContain(_sink.Reports, r => r is ("b", CueStatus.Spoken));
        Assert.Equal(1, sut.Stats.Expired);
    }

    [Fact]
    public async Task RunAsync_HighPriorityArrivesWhileSpeaking_SpokenBeforeOlderLowPriority()
    {
        var sut = StartSut();
        sut.Enqueue(Cue("first"));
        var first = await NextCallAsync();
        sut.Enqueue(Cue("low", CuePriority.Low));
        sut.Enqueue(Cue("normal", CuePriority.Normal));
        sut.Enqueue(Cue("high", CuePriority.High));

        first.Done.SetResult();
        var second = await NextCallAdvancingAsync();
        second.Done.SetResult();
        var third = await NextCallAdvancingAsync();
        third.Done.SetResult();
        var fourth = await NextCallAdvancingAsync();

        Assert.Equal(["high", "normal", "low"], new[] { second, third, fourth }.Select(c => c.Cue.CueId));
    }

    [Fact]
    public async Task RunAsync_TwoCues_NeverOverlapAndKeepTheMinimumGap()
    {
        var sut = StartSut();
        sut.Enqueue(Cue("a"));
        sut.Enqueue(Cue("b"));
        var a = await NextCallAsync();

        _time.Advance(TimeSpan.FromSeconds(3));
        var aEnded = _time.GetUtcNow();
        a.Done.SetResult();
        var b = await NextCallAdvancingAsync();

        Assert.True(b.StartedAt - aEnded >= Gap, $"b started {(b.StartedAt - aEnded).TotalMilliseconds} ms after a ended");
        Assert.Equal(1, Volatile.Read(ref _maxActive));
    }

    [Fact]
    public async Task Enqueue_AlreadyStale_ReportsDeliveredThenExpiredWithoutSpeaking()
    {
        var sut = StartSut();

        var taken = sut.Enqueue(Cue("stale", ttl: TimeSpan.FromSeconds(-1)));

        Assert.True(taken);
        await _sink.WaitForAsync("stale", CueStatus.Expired, Step);
        Assert.Equal([("stale", CueStatus.Delivered), ("stale", CueStatus.Expired)], _sink.Reports);
        await _output.DidNotReceive().SpeakAsync(Arg.Any<CueMessage>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public void Enqueue_SameCueIdTwice_SecondIgnored()
    {
        var sut = CreateSut();

        var first = sut.Enqueue(Cue("x"));
        var second = sut.Enqueue(Cue("x"));

        Assert.True(first);
        Assert.False(second);
        Assert.Single(_sink.Reports, r => r is ("x", CueStatus.Delivered));
    }

    [Fact]
    public void Enqueue_QueueFull_DropsLowestPriorityOldestAndReportsIt()
    {
        var sut = CreateSut(maxQueued: 2);

        sut.Enqueue(Cue("low-old", CuePriority.Low));
        sut.Enqueue(Cue("high", CuePriority.High));
        sut.Enqueue(Cue("low-new", CuePriority.Low));

        Assert.Contains(("low-old", CueStatus.Dropped), _sink.Reports);
        Assert.Equal(1, sut.Stats.Dropped);
        Assert.Equal(2, sut.Stats.Queued);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(Step);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private SpeechQueue CreateSut(int maxQueued = 8) =>
        new(_output, _sink, new SpeechOptions { MinimumGap = Gap, MaxQueued = maxQueued }, _time, NullLogger<SpeechQueue>.Instance);

    private SpeechQueue StartSut()
    {
        var sut = CreateSut();
        _loop = Task.Run(() => sut.RunAsync(_stop.Token), TestContext.Current.CancellationToken);
        return sut;
    }

    private QueuedCue Cue(string id, CuePriority priority = CuePriority.Normal, TimeSpan? ttl = null)
    {
        var now = _time.GetUtcNow();
        var expires = now + (ttl ?? TimeSpan.FromMinutes(1));
        return new QueuedCue(0, new CueMessage
        {
            CueId = id, Text = "drive the ground away", Priority = priority,
            IssuedAt = now.ToUnixTimeMilliseconds(), ExpiresAt = expires.ToUnixTimeMilliseconds(),
        }, expires);
    }

    private async Task<Speaking> NextCallAsync() =>
        await _calls.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Step, TestContext.Current.CancellationToken);

    /// <summary>Moves fake time forward in small steps until the queue starts the next cue (the gap has to pass).</summary>
    private async Task<Speaking> NextCallAdvancingAsync()
    {
        using var deadline = new CancellationTokenSource(Step);
        var next = _calls.Reader.ReadAsync(deadline.Token).AsTask();
        while (!next.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(next, Task.Delay(5, TestContext.Current.CancellationToken));
        }

        return await next;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed record Speaking(CueMessage Cue, DateTimeOffset StartedAt, TaskCompletionSource Done);
}

/// <summary>Records cue statuses in order and lets a test await one.</summary>
internal sealed class RecordingSink : ICueStatusSink
{
    private readonly Lock _gate = new();
    private readonly List<(string, CueStatus)> _reports = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(string CueId, CueStatus Status)> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(int runnerIndex, CueStatusReport report)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _reports.Add((report.CueId, report.Status));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async Task WaitForAsync(string cueId, CueStatus status, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_reports.Contains((cueId, status)))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cts.Token);
        }
    }
}
