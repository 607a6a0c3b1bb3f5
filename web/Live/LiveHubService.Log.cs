namespace MindMuscle.Live.Web.Live;

public sealed partial class LiveHubService
{
    [LoggerMessage(1701, LogLevel.Information, "Watching session {SessionId}", EventName = "Watching")]
    private static partial void LogWatching(ILogger logger, string sessionId);

    [LoggerMessage(1702, LogLevel.Warning, "Hub connection lost, reconnecting", EventName = "Reconnecting")]
    private static partial void LogReconnecting(ILogger logger, Exception? error);

    [LoggerMessage(1703, LogLevel.Warning, "Hub connection attempt failed; retrying in {Delay}", EventName = "ConnectFailed")]
    private static partial void LogConnectFailed(ILogger logger, TimeSpan delay, Exception error);

    [LoggerMessage(1704, LogLevel.Warning, "Could not read back runner {RunnerId}'s samples {FromSeq}..{ToSeq}", EventName = "GapFillFailed")]
    private static partial void LogGapFillFailed(ILogger logger, string runnerId, long fromSeq, long toSeq, Exception error);

    [LoggerMessage(1705, LogLevel.Information, "Read back {Count} samples of runner {RunnerId} after a gap", EventName = "GapFilled")]
    private static partial void LogGapFilled(ILogger logger, string runnerId, int count);

    [LoggerMessage(1707, LogLevel.Warning, "Could not read session {SessionId}'s markers and reps so far", EventName = "HistoryFailed")]
    private static partial void LogHistoryFailed(ILogger logger, string sessionId, Exception error);

    [LoggerMessage(1706, LogLevel.Warning, "The hub refused to watch session {SessionId}: {Reason}", EventName = "WatchRefused")]
    private static partial void LogWatchRefused(ILogger logger, string sessionId, string reason);
}
