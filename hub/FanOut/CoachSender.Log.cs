namespace MindMuscle.Live.Hub.FanOut;

internal sealed partial class CoachSender
{
    [LoggerMessage(601, LogLevel.Warning, "Coach {ConnectionId} of session {SessionId} is lagging: {Dropped} samples dropped so far", EventName = "CoachLagging")]
    private static partial void LogLagging(ILogger logger, string connectionId, string sessionId, long dropped);

    [LoggerMessage(602, LogLevel.Warning, "Send to coach {ConnectionId} exceeded {TimeoutMs} ms", EventName = "CoachSendTimeout")]
    private static partial void LogSendTimeout(ILogger logger, string connectionId, double timeoutMs);

    [LoggerMessage(603, LogLevel.Debug, "Send to coach {ConnectionId} failed; its feed stops", EventName = "CoachSendFailed")]
    private static partial void LogSendFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(604, LogLevel.Warning, "Coach {ConnectionId} stayed stuck; disconnecting it", EventName = "CoachAborted")]
    private static partial void LogAborted(ILogger logger, string connectionId);
}
