namespace MindMuscle.Live.Web.Runner;

public sealed partial class RunnerCompanion
{
    [LoggerMessage(1801, LogLevel.Information, "Joined as runner {RunnerId}; the hub holds up to seq {LastSeq}", EventName = "RunnerJoined")]
    private static partial void LogJoined(ILogger logger, string runnerId, long lastSeq);

    [LoggerMessage(1802, LogLevel.Warning, "Uplink round failed ({Error}: {Message}); trying again in {DelayMs} ms", EventName = "RunnerRoundFailed")]
    private static partial void LogRoundFailed(ILogger logger, string error, string message, long delayMs);

    [LoggerMessage(1803, LogLevel.Debug, "Cue status for {CueId} not sent yet ({Message})", EventName = "RunnerCueStatusDeferred")]
    private static partial void LogStatusDeferred(ILogger logger, string cueId, string message);

    [LoggerMessage(1804, LogLevel.Warning, "Malformed notification from {Sensor}: {Reason}", EventName = "RunnerMalformedNotification")]
    private static partial void LogMalformed(ILogger logger, string sensor, string reason);

    [LoggerMessage(1805, LogLevel.Warning, "A sensor could not be connected: {Message}", EventName = "RunnerSensorFailed")]
    private static partial void LogSensorFailed(ILogger logger, string message);

    [LoggerMessage(1806, LogLevel.Error, "A reading could not be written to the outbox: {Message}", EventName = "RunnerAppendFailed")]
    private static partial void LogAppendFailed(ILogger logger, string message);

    [LoggerMessage(1807, LogLevel.Information, "The screen wake lock could not be taken: {Message}", EventName = "RunnerWakeLockFailed")]
    private static partial void LogWakeLockFailed(ILogger logger, string message);

    [LoggerMessage(1808, LogLevel.Warning, "Joining did not finish ({Error}: {Message})", EventName = "RunnerJoinFailed")]
    private static partial void LogJoinFailed(ILogger logger, string error, string message);

    [LoggerMessage(1809, LogLevel.Error, "The {Loop} loop faulted ({Error}: {Message}); it restarts in {DelayMs} ms", EventName = "RunnerLoopFaulted")]
    private static partial void LogLoopFault(ILogger logger, string loop, string error, string message, long delayMs);

    [LoggerMessage(1810, LogLevel.Information, "Deleted {Count} empty outboxes of earlier runs", EventName = "RunnerOutboxesSwept")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(1812, LogLevel.Warning, "The hub refused reading {Seq} for good ({Reason}); moved aside, the rest is sent", EventName = "RunnerReadingRefused")]
    private static partial void LogReadingRefused(ILogger logger, long seq, string reason);

    [LoggerMessage(1811, LogLevel.Warning, "Outboxes of earlier runs could not be cleaned up: {Message}", EventName = "RunnerSweepFailed")]
    private static partial void LogSweepFailed(ILogger logger, string message);
}
