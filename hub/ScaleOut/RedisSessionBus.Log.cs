namespace MindMuscle.Live.Hub.ScaleOut;

internal sealed partial class RedisSessionBus
{
    [LoggerMessage(801, LogLevel.Information, "Session bus subscribed (node {NodeId})", EventName = "BusSubscribed")]
    private static partial void LogSubscribed(ILogger logger, string nodeId);

    [LoggerMessage(802, LogLevel.Warning, "Session bus: Redis not reachable yet ({Reason}); retrying", EventName = "BusSubscribeRetry")]
    private static partial void LogSubscribeRetry(ILogger logger, string reason);

    [LoggerMessage(803, LogLevel.Warning, "Session bus: Redis disconnected, cross-node messages dropped ({Dropped} so far); local coaches unaffected", EventName = "BusDropped")]
    private static partial void LogDropped(ILogger logger, long dropped);

    [LoggerMessage(804, LogLevel.Warning, "Session bus: publish failed", EventName = "BusPublishFailed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(805, LogLevel.Warning, "Session bus: unreadable message ignored", EventName = "BusBadMessage")]
    private static partial void LogBadMessage(ILogger logger, Exception exception);
}
