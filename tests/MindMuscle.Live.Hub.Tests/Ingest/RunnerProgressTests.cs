using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Tests.Ingest;

public sealed class RunnerProgressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fresh_SeqsRecordedQueuedOrAboveAGap_AreLeftOut()
    {
        var sut = new RunnerProgress(new RecordedProgress(3, [6], 4));
        using var progress = await sut.EnterAsync(Ct);
        progress.Queued(Samples(4), new TaskCompletionSource().Task);

        var fresh = progress.Fresh(Samples(1, 2, 3, 4, 5, 6, 7));

        Assert.Equal([5L, 7], fresh.Select(s => s.Seq));
    }

    [Fact]
    public async Task Fresh_AllNew_ReturnsTheBatchItself()
    {
        var sut = new RunnerProgress(RecordedProgress.None);
        using var progress = await sut.EnterAsync(Ct);
        var batch = Samples(1, 2);

        Assert.Same(batch, progress.Fresh(batch));
    }

    [Fact]
    public async Task Settle_CommitsCompleteOutOfOrder_SettlesFromTheHeadInQueueOrder()
    {
        var sut = new RunnerProgress(RecordedProgress.None);
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        using var progress = await sut.EnterAsync(Ct);
        progress.Queued(Samples(1, 2), first.Task);
        progress.Queued(Samples(3, 4), second.Task);

        second.SetResult();
        var beforeHead = progress.Settle();
        first.SetResult();
        var afterHead = progress.Settle();

        Assert.Equal((0, 4, 4L, 4L), (beforeHead, afterHead, progress.UpTo, sut.LastSeq));
    }

    [Fact]
    public async Task Settle_FailedCommit_ReleasesItsSeqsForAResend()
    {
        var sut = new RunnerProgress(RecordedProgress.None);
        using var progress = await sut.EnterAsync(Ct);
        progress.Queued(Samples(1, 2), Task.FromException(new InvalidOperationException("disk full")));

        var recorded = progress.Settle();

        Assert.Equal(0, recorded);
        Assert.Equal(0, progress.UpTo);
        Assert.Equal(2, progress.Fresh(Samples(1, 2)).Length);
    }

    [Fact]
    public async Task Settle_GapFilled_UpToJumpsOverTheSeqsAboveIt()
    {
        var sut = new RunnerProgress(new RecordedProgress(2, [4, 5], 4));
        using var progress = await sut.EnterAsync(Ct);
        progress.Queued(Samples(3), Task.CompletedTask);

        progress.Settle();

        Assert.Equal(5, progress.UpTo);
        Assert.Empty(progress.Fresh(Samples(4, 5)));
    }

    [Fact]
    public async Task Refused_SeqBelowTheRestSettled_UpToMovesPastItAndNothingStaysAbove()
    {
        var sut = new RunnerProgress(new RecordedProgress(4, [], 4));
        using var progress = await sut.EnterAsync(Ct);

        progress.Refused(5);
        progress.Queued(Samples([.. Enumerable.Range(6, 15).Select(i => (long)i)]), Task.CompletedTask);
        progress.Settle();

        Assert.Equal((20L, 20L, 0), (progress.UpTo, sut.LastSeq, sut.AboveCount));
        Assert.Empty(progress.Fresh(Samples(5)));
    }

    [Fact]
    public async Task Refused_ThenReloadedFromARecordingWithoutIt_StillSettled()
    {
        var sut = new RunnerProgress(RecordedProgress.None);
        using var progress = await sut.EnterAsync(Ct);
        progress.Refused(3);

        progress.Restore(new RecordedProgress(2, [4, 5], 4));

        Assert.Equal((5L, 0), (progress.UpTo, sut.AboveCount));
    }

    [Fact]
    public async Task Refused_SeqAlreadyRecordedOrQueued_ChangesNothing()
    {
        var sut = new RunnerProgress(new RecordedProgress(4, [], 4));
        using var progress = await sut.EnterAsync(Ct);
        progress.Queued(Samples(6), new TaskCompletionSource().Task);

        progress.Refused(3);
        progress.Refused(6);

        Assert.Equal((4L, 0), (progress.UpTo, sut.AboveCount));
    }

    [Fact]
    public async Task EnterAsync_WhileHeld_WaitsForTheHolder()
    {
        var sut = new RunnerProgress(RecordedProgress.None);
        var held = await sut.EnterAsync(Ct);

        var next = sut.EnterAsync(Ct).AsTask();
        var waited = !next.IsCompleted;
        held.Dispose();
        using var second = await next.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(waited);
    }

    private static MetricSample[] Samples(params long[] seqs) => [.. seqs.Select(s => new MetricSample { Seq = s, ObservedAt = 1_000 * s })];
}
