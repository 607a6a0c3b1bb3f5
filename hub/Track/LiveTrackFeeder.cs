using System.Diagnostics.Metrics;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Track;

/// <summary>
/// Feeds the live track on the publish path. A runner's track starts at its first samples in this process; when those
/// are not its first samples (the hub restarted, or the runner moved here from another node) the track first catches up
/// on the recording silently, so rep and lap numbers go on where they were rather than restarting at 1. The reps it
/// finds go to the alert engine (judged when live, remembered when caught up), which runs no detector of its own.
/// A runner's track that fails on a sample or a marker starts afresh (<see cref="RunnerTrack"/>): counted and logged here, once a runner.
/// </summary>
internal sealed partial class LiveTrackFeeder(RecordingStore store, AlertCoordinator alerts, IMeterFactory meters, ILogger<LiveTrackFeeder> logger)
{
    private const int CatchUpChunk = 512;

    private readonly Counter<long> _faults = meters.Create(HubMetrics.MeterName).CreateCounter<long>(
        "mml.hub.track.faults", "{runner}", "Runners whose live reps and laps started afresh after their analysis failed on a sample or a marker");

    /// <summary>Feeds a runner's new samples (seq order, the runner's publishes serialised by the caller).</summary>
    public ValueTask FeedAsync(LiveSession session, string runnerId, MetricSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        if (!session.Track.TryFeed(runnerId, samples, out var fed))
        {
            return new(StartAsync(session, runnerId, samples));
        }

        Judge(session, runnerId, fed);
        return ValueTask.CompletedTask;
    }

    private void Judge(LiveSession session, string runnerId, TrackFed fed, bool judge = true)
    {
        if (fed.Fault is { } fault)
        {
            _faults.Add(1);
            LogTrackFailed(logger, session.SessionId, runnerId, fault);
        }

        if (fed.SwitchedOff)
        {
            LogTrackSwitchedOff(logger, session.SessionId, runnerId);
        }

        if (fed.Reps is { } found)
        {
            alerts.Reps(session, runnerId, found, judge);
        }
    }

    private async Task StartAsync(LiveSession session, string runnerId, MetricSample[] samples)
    {
        if (session.Track.Start(runnerId) is not { } track)
        {
            return;
        }

        if (samples[0].Seq > 1)
        {
            try
            {
                // Not cancellable: a catch-up cut short would leave the numbers off for the rest of the session.
                await using var reader = await store.OpenReaderAsync(CancellationToken.None);
                var chunk = new List<MetricSample>(CatchUpChunk);
                var count = 0;
                await foreach (var sample in reader.ReadRunnerAsync(session.SessionId, runnerId, CancellationToken.None, toSeq: samples[0].Seq - 1))
                {
                    chunk.Add(sample);
                    if (chunk.Count == CatchUpChunk)
                    {
                        Judge(session, runnerId, track.Feed([.. chunk], fanOut: null), judge: false);
                        count += chunk.Count;
                        chunk.Clear();
                    }
                }

                Judge(session, runnerId, track.Feed([.. chunk], fanOut: null), judge: false);
                LogCaughtUp(logger, session.SessionId, runnerId, count + chunk.Count);
            }
#pragma warning disable CA1031 // The live track is a convenience: a failed catch-up must not fail the publish.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCatchUpFailed(logger, session.SessionId, runnerId, ex);
            }
        }

        Judge(session, runnerId, track.Feed(samples, session.Track.FanOut));
    }

    [LoggerMessage(1111, LogLevel.Information, "Live track of runner {RunnerId} in session {SessionId} caught up on {Count} recorded samples", EventName = "LiveTrackCaughtUp")]
    private static partial void LogCaughtUp(ILogger logger, string sessionId, string runnerId, int count);

    [LoggerMessage(1113, LogLevel.Warning, "Live track of runner {RunnerId} in session {SessionId} failed on a sample or a marker; its reps and laps start afresh from the next sample (the samples are recorded: GET /reps and /laps count them all). Report this error", EventName = "LiveTrackFailed")]
    private static partial void LogTrackFailed(ILogger logger, string sessionId, string runnerId, Exception exception);

    [LoggerMessage(1114, LogLevel.Warning, "Live track of runner {RunnerId} in session {SessionId} kept failing and is off for this session: no live reps or laps for this runner (GET /reps and /laps still count them from the recording)", EventName = "LiveTrackSwitchedOff")]
    private static partial void LogTrackSwitchedOff(ILogger logger, string sessionId, string runnerId);

    [LoggerMessage(1112, LogLevel.Warning, "Live track of runner {RunnerId} in session {SessionId} could not catch up on the recording; its rep and lap numbers restart", EventName = "LiveTrackCatchUpFailed")]
    private static partial void LogCatchUpFailed(ILogger logger, string sessionId, string runnerId, Exception exception);
}
