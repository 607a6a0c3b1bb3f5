using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.RunnerKit.Supervision;

namespace MindMuscle.Live.RunnerKit.Tests.Supervision;

public sealed class SupervisedLoopTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero));
    private readonly Channel<int> _runs = Channel.CreateUnbounded<int>();
    private readonly Channel<LoopFault> _faults = Channel.CreateUnbounded<LoopFault>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_LoopFaults_ReportedAndRestartedAfterABackoffThatGrows()
    {
        using var stop = new CancellationTokenSource();
        var run = 0;
        var supervised = SupervisedLoop.RunAsync("pump", _ =>
        {
            _runs.Writer.TryWrite(++run);
            return run <= 2 ? Task.FromException(new InvalidOperationException($"fault {run}")) : Task.Delay(Timeout.Infinite, stop.Token);
        }, f => _faults.Writer.TryWrite(f), _time, stop.Token);

        Assert.Equal(1, await _runs.Reader.ReadAsync(Ct));
        var first = await _faults.Reader.ReadAsync(Ct);
        Assert.Equal(("pump", "fault 1", TimeSpan.FromSeconds(1), 1), (first.Loop, first.Error.Message, first.RestartIn, first.Faults));

        // Not restarted before its backoff has passed.
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(_runs.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await _runs.Reader.ReadAsync(Ct));
        var second = await _faults.Reader.ReadAsync(Ct);
        Assert.Equal((TimeSpan.FromSeconds(2), 2), (second.RestartIn, second.Faults));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await _runs.Reader.ReadAsync(Ct));
        Assert.False(supervised.IsCompleted);

        await stop.CancelAsync();
        await supervised.WaitAsync(Ct);
        Assert.False(_faults.Reader.TryRead(out _));
    }

    [Fact]
    public async Task RunAsync_LoopReturns_NotRestarted()
    {
        var runs = 0;
        await SupervisedLoop.RunAsync("cues", _ =>
        {
            runs++;
            return Task.CompletedTask;
        }, f => _faults.Writer.TryWrite(f), _time, Ct).WaitAsync(Ct);

        Assert.Equal(1, runs);
        Assert.False(_faults.Reader.TryRead(out _));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringBackoff_StopsWithoutRunningAgain()
    {
        using var stop = new CancellationTokenSource();
        var supervised = SupervisedLoop.RunAsync("statuses", _ =>
        {
            _runs.Writer.TryWrite(1);
            throw new InvalidOperationException("broken");
        }, f => _faults.Writer.TryWrite(f), _time, stop.Token);
        await _faults.Reader.ReadAsync(Ct);

        await stop.CancelAsync();
        _time.Advance(SupervisedLoop.MaxDelay);

        await supervised.WaitAsync(Ct);
        Assert.Equal(1, _runs.Reader.Count);
    }

    [Fact]
    public async Task RunAsync_FaultAfterAHealthyRun_BackoffStartsOver()
    {
        using var stop = new CancellationTokenSource();
        var run = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var supervised = SupervisedLoop.RunAsync("link", async _ =>
        {
            _runs.Writer.TryWrite(++run);
            if (run == 3)
            {
                await release.Task;
            }

            throw new InvalidOperationException($"fault {run}");
        }, f => _faults.Writer.TryWrite(f), _time, stop.Token);

        await _faults.Reader.ReadAsync(Ct);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), (await _faults.Reader.ReadAsync(Ct)).RestartIn);
        _time.Advance(TimeSpan.FromSeconds(2));
        await _runs.Reader.ReadAsync(Ct);
        await _runs.Reader.ReadAsync(Ct);
        Assert.Equal(3, await _runs.Reader.ReadAsync(Ct));

        // The third run lasts past a healthy minute before it faults: its restart waits the first delay again.
        _time.Advance(SupervisedLoop.HealthyRun);
        release.SetResult();
        Assert.Equal(TimeSpan.FromSeconds(1), (await _faults.Reader.ReadAsync(Ct)).RestartIn);
        await stop.CancelAsync();
        await supervised.WaitAsync(Ct);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 8)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void DelayFor_FaultsInARow_DoublesUpToTheCap(int faults, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SupervisedLoop.DelayFor(faults));
}
