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
    RecordingStore store, RunnerStatusTracker status, AlertCoordinator alerts, HubMetrics metrics,
    IOptions<HubOptions> options, TimeProvider time, ILogger<IngestService> logger)
{
    private readonly HubOptions _options = options.Value;

    /// <exception cref="BatchRejectedException">The batch is invalid; nothing of it was recorded.</exception>
    public async Task<PublishAck> PublishAsync(LiveSession session, LiveRunner runner, SampleBatch? batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(runner);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (SampleValidator.Validate(batch, _options.MaxBatchSamples, now, (long)_options.MaxSampleAge.TotalMilliseconds, (long)_options.MaxSampleFuture.TotalMilliseconds) is { } rejection)
        {
            metrics.Rejected(rejection.Reason);
            LogRejected(logger, session.SessionId, runner.RunnerId, rejection.Reason, rejection.Field, rejection.Seq);
            throw new BatchRejectedException(rejection);
        }

        await runner.PublishLock.WaitAsync(cancellationToken);
        try
        {
            var fresh = new List<MetricSample>(batch!.Samples.Length);
            foreach (var sample in batch.Samples)
            {
                if (sample.Seq > runner.UpTo && !runner.Above.Contains(sample.Seq))
                {
                    fresh.Add(sample);
                }
            }

            var duplicates = batch.Samples.Length - fresh.Count;
            if (duplicates > 0)
            {
                metrics.Duplicates(duplicates);
            }

            if (fresh.Count > 0)
            {
                var accepted = fresh.ToArray();
                var committed = await store.EnqueueAsync(accepted.Length, (c, tx) =>
                    RecordingSql.InsertSamples(c, tx, session.SessionId, runner.RunnerId, accepted, now), cancellationToken);

                // Coaches and the alert engine see the samples while the transaction commits: live latency does not
                // include the disk. Only the ack waits for the commit.
                foreach (var coach in session.Coaches.Values)
                {
                    coach.EnqueueSamples(runner.RunnerId, accepted);
                }

                status.SamplesAccepted(session, runner, accepted);
                alerts.Feed(session, runner.RunnerId, accepted);

                // Not cancellable: once queued the write commits, and the dedup state must say so.
                await committed;
                foreach (var sample in accepted)
                {
                    if (sample.Seq == runner.UpTo + 1)
                    {
                        runner.UpTo = sample.Seq;
                    }
                    else
                    {
                        runner.Above.Add(sample.Seq);
                    }
                }

                while (runner.Above.Count > 0 && runner.Above.Min == runner.UpTo + 1)
                {
                    runner.UpTo = runner.Above.Min;
                    runner.Above.Remove(runner.UpTo);
                }

                runner.PublishUpTo();
                Interlocked.Add(ref session.SampleCount, accepted.Length);
                metrics.SamplesAccepted(accepted.Length);
            }

            return new PublishAck
            {
                UpTo = runner.UpTo,
                HubTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Accepted = fresh.Count,
                Duplicates = duplicates,
            };
        }
        finally
        {
            runner.PublishLock.Release();
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Batch of runner {RunnerId} in session {SessionId} rejected ({Reason}): {Field} seq {Seq}", EventName = "BatchRejected")]
    private static partial void LogRejected(ILogger logger, string sessionId, string runnerId, string reason, string field, long? seq);
}
