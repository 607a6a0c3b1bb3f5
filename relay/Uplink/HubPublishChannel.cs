using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Uplink;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// The hub link as the shared pump sees it: the publish pipeline (timeout, retries, rate-limit waits) around each
/// publish; readings the hub refuses for good go to the outbox's dead letters; acks step over those dead letters.
/// </summary>
/// <remarks>
/// The hub's <c>upTo</c> is its highest contiguous seq, so it never passes a seq it refused, while it does record the
/// readings above it. A publish that succeeded means the hub holds its whole batch (its ack comes after the commit), so
/// once every seq between what is settled and a batch is dead-lettered, the batch's end is settled too.
/// </remarks>
internal sealed class HubPublishChannel(
    int runnerIndex, IOutbox outbox, HubLink link, ResiliencePipeline<PublishAck> publish, TimeProvider time) : IPublishChannel
{
    private readonly Lock _gate = new();
    private Task _previous = Task.CompletedTask;
    private long _settled;

    public bool IsConnected => link.IsConnected;

    public async Task<PublishAck> PublishAsync(SampleBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Acks are settled in send order, so a batch after a dead-lettered one sees the batch before it settled.
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _previous;
            _previous = mine.Task;
        }

        try
        {
            PublishAck ack;
            try
            {
                ack = await publish.ExecuteAsync(
                    static async (state, ct) => await state.Link.PublishAsync(state.Batch, ct),
                    (Link: link, Batch: batch),
                    cancellationToken);
            }
            catch (Exception ex) when (HubBatchRefusal.TryRead(ex, out var reason, out var seq))
            {
                // One named reading goes, the rest of its batch is sent again; a refusal naming none takes the batch.
                long[] refused = seq is { } s && Array.Exists(batch.Samples, x => x.Seq == s) ? [s] : [.. batch.Samples.Select(x => x.Seq)];
                var moved = outbox.DeadLetter(runnerIndex, refused, reason, time.GetUtcNow().ToUnixTimeMilliseconds());
                throw new BatchRefusedException(reason, moved, ex);
            }

            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return StepOverDeadLetters(ack, batch);
        }
        finally
        {
            mine.TrySetResult();
        }
    }

    private PublishAck StepOverDeadLetters(PublishAck ack, SampleBatch batch)
    {
        if (batch.Samples.Length == 0)
        {
            return ack;
        }

        var first = batch.Samples[0].Seq;
        var last = batch.Samples[^1].Seq;
        lock (_gate)
        {
            _settled = Math.Max(Math.Max(_settled, ack.UpTo), outbox.GetStats(runnerIndex).AckedSeq);
            if (ack.UpTo >= last || !outbox.IsDeadLettered(runnerIndex, ack.UpTo + 1))
            {
                // Nothing of ours explains the hub's gap: the pump's go-back-N deals with it.
                return ack;
            }

            if (outbox.AllDeadLettered(runnerIndex, _settled + 1, first - 1))
            {
                _settled = Math.Max(_settled, last);
            }

            return _settled > ack.UpTo ? ack with { UpTo = _settled } : ack;
        }
    }
}
