using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.Track;

namespace MindMuscle.Live.Hub.Ingest;

/// <summary>
/// The one publish path (hub <c>Publish</c> and <c>POST /api/ingest</c>): validate, dedup by recorded seq, hand the new
/// samples to the coaches' senders, the alert engine and the live track (reps, laps), record, and acknowledge only what
/// is committed.
/// </summary>
internal sealed partial class IngestService(
    RecordingStore store, SessionRecorder recorder, RunnerStatusTracker status, AlertCoordinator alerts, LiveTrackFeeder track,
    HubMetrics metrics, IOptions<HubOptions> options, TimeProvider time, ILogger<IngestService> logger)
{
    private readonly HubOptions _options = options.Value;

    // Refusals settled in memory whose write failed: a later refusal of the same seq tries the write again.
    private readonly ConcurrentDictionary<(string SessionId, string RunnerId, long Seq), byte> _unrecordedRefusals = new();

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
            if (rejection is { Reason: "outOfRange" or "notFinite", Seq: { } refused })
            {
                // That reading can never be recorded (the relay dead-letters it): settle its seq so acks move past it,
                // and record the refusal before answering, so a restarted hub settles it again.
                bool settled;
                using (var progress = await runner.Progress.EnterAsync(cancellationToken))
                {
                    settled = progress.Refused(refused);
                }

                if (settled || _unrecordedRefusals.ContainsKey((session.SessionId, runner.RunnerId, refused)))
                {
                    await RecordRefusedAsync(session.SessionId, runner.RunnerId, refused, cancellationToken);
                }
            }

            throw new BatchRejectedException(rejection);
        }

        MetricSample[] accepted;
        int duplicates;
        Task? committed = null;
        Task? waitFor;
        using (var progress = await runner.Progress.EnterAsync(cancellationToken))
        {
            // Scale-out: a runner whose connection moved here from another node continues above what that node
            // recorded. A batch that starts above this node's high-water mark may be exactly that: reload it first,
            // once this node's own queued batches are settled.
            if (recorder.IsShared && batch!.Samples.Length > 0 && batch.Samples.Min(s => s.Seq) > progress.UpTo + 1)
            {
                await SettleAllAsync(session, progress);
                await RefreshAsync(session, runner, progress, cancellationToken);
            }

            accepted = progress.Fresh(batch!.Samples);
            duplicates = batch.Samples.Length - accepted.Length;
            if (duplicates > 0)
            {
                metrics.Duplicates(duplicates);
            }

            if (accepted.Length > 0)
            {
                committed = await store.EnqueueAsync(accepted.Length, (c, tx) =>
                    store.Database.InsertSamples(c, tx, session.SessionId, runner.RunnerId, accepted, now), cancellationToken);
                progress.Queued(accepted, committed);

                // Coaches and the alert engine see the samples while the transaction commits: live latency does not
                // include the disk. Only the ack waits for the commit.
                session.FanOut.FanOutSamples(runner.RunnerId, accepted);

                status.SamplesAccepted(session, runner, accepted);
                alerts.Feed(session, runner.RunnerId, accepted);
                await track.FeedAsync(session, runner.RunnerId, accepted);
            }

            // The recorder commits in queue order: once the newest queued batch is committed, so are this batch and
            // every batch its duplicates were in.
            waitFor = progress.LastQueued();
        }

        if (waitFor is not null)
        {
            // Not cancellable: once queued the write commits, and the dedup state must say so.
            await waitFor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        using (var progress = await runner.Progress.EnterAsync(CancellationToken.None))
        {
            Settle(session, progress);
            if (committed is { IsFaulted: true })
            {
                // This batch's transaction failed (its seqs were released for a resend): the caller gets the error.
                await committed;
            }

            metrics.Acknowledged(time.GetElapsedTime(arrived).TotalMilliseconds);
            return new PublishAck
            {
                UpTo = progress.UpTo,
                HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Accepted = accepted.Length,
                Duplicates = duplicates,
            };
        }
    }

    /// <summary>In the runner's turn: settles every completed commit, counting what is newly recorded.</summary>
    private void Settle(LiveSession session, RunnerProgress.Held progress)
    {
        if (progress.Settle() is > 0 and var recorded)
        {
            session.Samples.Add(recorded);
            metrics.SamplesAccepted(recorded);
        }
    }

    /// <summary>In the runner's turn: waits for every queued batch of the runner and settles them.</summary>
    private async Task SettleAllAsync(LiveSession session, RunnerProgress.Held progress)
    {
        if (progress.LastQueued() is { } last)
        {
            await last.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Settle(session, progress);
    }

    /// <summary>In the runner's turn: reloads its progress from the shared recording (another node may have recorded it since).</summary>
    private async Task RefreshAsync(LiveSession session, LiveRunner runner, RunnerProgress.Held progress, CancellationToken cancellationToken)
    {
        var recorded = await recorder.ReadProgressAsync(session.SessionId, runner.RunnerId, cancellationToken);
        if (recorded.Count > 0)
        {
            progress.Restore(recorded);
            LogProgressRefreshed(logger, session.SessionId, runner.RunnerId, progress.UpTo);
        }
    }

    private async Task RecordRefusedAsync(string sessionId, string runnerId, long seq, CancellationToken cancellationToken)
    {
        try
        {
            await recorder.RecordRefusedSeqAsync(sessionId, runnerId, seq, cancellationToken);
            _unrecordedRefusals.TryRemove((sessionId, runnerId, seq), out _);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ReadOnlyRecordingException)
        {
            // The refusal stands in memory either way; only a restart before the write succeeds stops the acks below it.
            _unrecordedRefusals.TryAdd((sessionId, runnerId, seq), 0);
            LogRefusalNotRecorded(logger, sessionId, runnerId, seq, ex);
        }
    }

    [LoggerMessage(203, LogLevel.Warning, "Runner {RunnerId} of session {SessionId}: refused seq {Seq} not recorded; it is written when a batch holding it is refused again, and if the hub restarts before that, its acks stop below that seq (a relay that dead-lettered the reading never sends it again): check the recording's disk", EventName = "RefusalNotRecorded")]
    private static partial void LogRefusalNotRecorded(ILogger logger, string sessionId, string runnerId, long seq, Exception exception);

    [LoggerMessage(201, LogLevel.Information, "Batch of runner {RunnerId} in session {SessionId} rejected ({Reason}): {Field} seq {Seq}", EventName = "BatchRejected")]
    private static partial void LogRejected(ILogger logger, string sessionId, string runnerId, string reason, string field, long? seq);

    [LoggerMessage(202, LogLevel.Information, "Runner {RunnerId} of session {SessionId}: progress reloaded from the shared recording, up to {UpTo}", EventName = "ProgressRefreshed")]
    private static partial void LogProgressRefreshed(ILogger logger, string sessionId, string runnerId, long upTo);
}
