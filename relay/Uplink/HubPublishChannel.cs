using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.RunnerKit.Uplink;
using Microsoft.Extensions.Logging;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// The hub link as the shared pump sees it: the publish pipeline (timeout, retries, rate-limit waits) around each
/// publish; a reading whose values the hub refuses goes to the outbox's dead letters; acks step over those dead letters.
/// </summary>
/// <remarks>
/// The hub's <c>upTo</c> is its highest contiguous seq, so it never passes a seq it refused, while it does record the
/// readings above it. A publish that succeeded means the hub holds its whole batch (its ack comes after the commit), so
/// once every seq between what is settled and a batch is dead-lettered, the batch's end is settled too.
/// </remarks>
internal sealed partial class HubPublishChannel(
    int runnerIndex, IOutbox outbox, HubLink link, ResiliencePipeline<PublishAck> publish, TimeProvider time, ILogger logger)
    : IPublishChannel
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
            catch (Exception ex) when (HubBatchRefusal.IsForGood(ex, out var reason, out var seq))
            {
                // The named reading goes, the rest of its batch is sent again.
                var moved = Array.Exists(batch.Samples, x => x.Seq == seq)
                    ? outbox.DeadLetter(runnerIndex, [seq], reason, time.GetUtcNow().ToUnixTimeMilliseconds())
                    : 0;
                var refused = new BatchRefusedException(reason, moved, ex);

                // Said here, not by the round: a later in-flight batch's refusal is only drained, never rethrown.
                if (moved > 0)
                {
                    link.UpdateStatus(st => st with { LastError = refused.Message });
                    LogBatchRefused(logger, runnerIndex, moved, reason);
                }

                throw refused;
            }
            catch (Exception ex) when (HubBatchRefusal.TryRead(ex, out var reason, out var code, out _))
            {
                // The relay's clock or batch size, or a refusal this relay does not know: every reading is kept and the
                // round fails as any other (backoff), with the hub's words and what to do about them.
                throw new HubException($"The hub refused a batch ({code ?? "no code"}): {reason}; {HubBatchRefusal.Advice(code)}", ex);
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

    [LoggerMessage(215, LogLevel.Warning, "Runner {RunnerIndex}: the hub refused {Readings} readings for good ({Reason}); they are kept in the outbox's dead letters (relay dead-letters) and the later readings go on", EventName = "BatchRefused")]
    private static partial void LogBatchRefused(ILogger logger, int runnerIndex, int readings, string reason);
}
