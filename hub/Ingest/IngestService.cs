using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Ingest;

/// <summary>
/// The one publish path (hub <c>Publish</c> and <c>POST /api/ingest</c>): validate, dedup by recorded seq, hand the new
/// samples to the coaches' senders and the alert engine, record, and acknowledge only what is committed.
/// </summary>
public sealed partial class IngestService(
    RecordingStore store, SessionRegistry registry, RunnerStatusTracker status, AlertCoordinator alerts, HubMetrics metrics,
    IOptions<HubOptions> options, TimeProvider time, ILogger<IngestService> logger)
{
    private readonly HubOptions _options = options.Value;

    /// <exception cref="BatchRejectedException">The batch is invalid; nothing of it was recorded.</exception>
    public async Task<PublishAck> PublishAsync(LiveSession session, LiveRunner runner, SampleBatch? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(runner);
        var arrived = time.GetTimestamp();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (SampleValidator.Validate(batch, _options.MaxBatchSamples, now, (long)_options.MaxSampleAge.TotalMilliseconds, (long)_options.MaxSampleFuture.TotalMilliseconds) is { } rejection)
        {
            metrics.Rejected(rejection.Reason);
            LogRejected(logger, session.SessionId, runner.RunnerId, rejection.Reason, rejection.Field, rejection.Seq);
            throw new BatchRejectedException(rejection);
        }

        MetricSample[] accepted;
        int duplicates;
        Task? committed = null;
        Task? waitFor;
        await runner.PublishLock.WaitAsync(cancellationToken);
        try
        {
            // Scale-out: a runner whose connection moved here from another node continues above what that node
            // recorded. A batch that starts above this node's high-water mark may be exactly that: reload it first,
            // once this node's own queued batches are settled.
            if (store.IsShared && batch!.Samples.Length > 0 && batch.Samples.Min(s => s.Seq) > runner.UpTo + 1)
            {
                await SettleAllAsync(session, runner);
                await registry.RefreshProgressAsync(session, runner, cancellationToken);
            }

            accepted = Fresh(batch!.Samples, runner);
            duplicates = batch.Samples.Length - accepted.Length;
            if (duplicates > 0)
            {
                metrics.Duplicates(duplicates);
            }

            if (accepted.Length > 0)
            {
                committed = await store.EnqueueAsync(accepted.Length, (c, tx) =>
                    store.Database.InsertSamples(c, tx, session.SessionId, runner.RunnerId, accepted, now), cancellationToken);
                foreach (var sample in accepted)
                {
                    runner.Pending.Add(sample.Seq);
                }

                runner.InFlight.Enqueue((accepted, committed));

                // Coaches and the alert engine see the samples while the transaction commits: live latency does not
                // include the disk. Only the ack waits for the commit.
                session.FanOutSamples(runner.RunnerId, accepted);

                status.SamplesAccepted(session, runner, accepted);
                alerts.Feed(session, runner.RunnerId, accepted);
            }

            // The recorder commits in queue order: once the newest queued batch is committed, so are this batch and
            // every batch its duplicates were in.
            waitFor = LastQueued(runner);
        }
        finally
        {
            runner.PublishLock.Release();
        }

        if (waitFor is not null)
        {
            // Not cancellable: once queued the write commits, and the dedup state must say so.
            await waitFor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await runner.PublishLock.WaitAsync(CancellationToken.None);
        try
        {
            Settle(session, runner);
            if (committed is { IsFaulted: true })
            {
                // This batch's transaction failed (its seqs were released for a resend): the caller gets the error.
                await committed;
            }

            metrics.Acknowledged(time.GetElapsedTime(arrived).TotalMilliseconds);
            return new PublishAck
            {
                UpTo = runner.UpTo,
                HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Accepted = accepted.Length,
                Duplicates = duplicates,
            };
        }
        finally
        {
            runner.PublishLock.Release();
        }
    }

    /// <summary>
    /// Under the runner's publish lock: moves every queued batch whose commit has completed, from the head in recorder
    /// order, out of <see cref="LiveRunner.Pending"/> into the recorded progress (or back to "not recorded" when its
    /// transaction failed, so a resend is accepted).
    /// </summary>
    private void Settle(LiveSession session, LiveRunner runner)
    {
        while (runner.InFlight.TryPeek(out var head) && head.Committed.IsCompleted)
        {
            runner.InFlight.Dequeue();
            foreach (var sample in head.Samples)
            {
                runner.Pending.Remove(sample.Seq);
            }

            if (!head.Committed.IsCompletedSuccessfully)
            {
                continue;
            }

            foreach (var sample in head.Samples)
            {
                if (sample.Seq == runner.UpTo + 1)
                {
                    runner.UpTo = sample.Seq;
                }
                else if (sample.Seq > runner.UpTo)
                {
                    runner.Above.Add(sample.Seq);
                }
            }

            while (runner.Above.Count > 0 && runner.Above.Min == runner.UpTo + 1)
            {
                runner.UpTo = runner.Above.Min;
                runner.Above.Remove(runner.UpTo);
            }

            Interlocked.Add(ref session.SampleCount, head.Samples.Length);
            metrics.SamplesAccepted(head.Samples.Length);
        }

        runner.PublishUpTo();
    }

    /// <summary>Under the runner's publish lock: waits for every queued batch of the runner and settles them.</summary>
    private async Task SettleAllAsync(LiveSession session, LiveRunner runner)
    {
        if (LastQueued(runner) is { } last)
        {
            await last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Settle(session, runner);
    }

    /// <summary>The commit of the runner's newest queued batch (the queue's struct enumerator: no allocation per publish).</summary>
    private static Task? LastQueued(LiveRunner runner)
    {
        Task? last = null;
        foreach (var (_, committed) in runner.InFlight)
        {
            last = committed;
        }

        return last;
    }

    /// <summary>The samples not yet recorded (under the runner's publish lock); the batch's own array when all are new.</summary>
    private static MetricSample[] Fresh(MetricSample[] samples, LiveRunner runner)
    {
        var fresh = 0;
        foreach (var sample in samples)
        {
            if (IsFresh(sample, runner))
            {
                fresh++;
            }
        }

        if (fresh == samples.Length)
        {
            return samples;
        }

        var accepted = new MetricSample[fresh];
        var i = 0;
        foreach (var sample in samples)
        {
            if (IsFresh(sample, runner))
            {
                accepted[i++] = sample;
            }
        }

        return accepted;
    }

    private static bool IsFresh(MetricSample sample, LiveRunner runner) =>
        sample.Seq > runner.UpTo && !runner.Above.Contains(sample.Seq) && !runner.Pending.Contains(sample.Seq);

    [LoggerMessage(1, LogLevel.Information, "Batch of runner {RunnerId} in session {SessionId} rejected ({Reason}): {Field} seq {Seq}", EventName = "BatchRejected")]
    private static partial void LogRejected(ILogger logger, string sessionId, string runnerId, string reason, string field, long? seq);
}
