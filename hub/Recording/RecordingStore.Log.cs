namespace MindMuscle.Live.Hub.Recording;

internal sealed partial class RecordingStore
{
    [LoggerMessage(911, LogLevel.Error, "Recorder transaction of {Count} writes failed; retrying them one by one", EventName = "CommitFailed")]
    private static partial void LogCommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(914, LogLevel.Warning, "Moving the recorder inbox at shutdown failed; its samples are committed and the next start moves them", EventName = "InboxMoveAtShutdownFailed")]
    private static partial void LogShutdownMoveFailed(ILogger logger, Exception exception);

    [LoggerMessage(913, LogLevel.Information, "Recording to {Database}", EventName = "RecordingOpened")]
    private static partial void LogOpened(ILogger logger, string database);

    [LoggerMessage(915, LogLevel.Warning, "Reporting a committed recorder transaction to the metrics failed; its writes stand", EventName = "BatchMetricsFailed")]
    private static partial void LogMetricsFailed(ILogger logger, Exception exception);

    [LoggerMessage(912, LogLevel.Warning, "A background write arrived after shutdown started and was dropped", EventName = "DroppedAtShutdown")]
    private static partial void LogDroppedAtShutdown(ILogger logger);
}
