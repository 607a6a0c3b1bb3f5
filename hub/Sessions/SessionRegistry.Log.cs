namespace MindMuscle.Live.Hub.Sessions;

internal sealed partial class SessionRegistry
{
    [LoggerMessage(101, LogLevel.Information, "Session {SessionId} created: {Name}", EventName = "SessionCreated")]
    private static partial void LogCreated(ILogger logger, string sessionId, string name);

    [LoggerMessage(102, LogLevel.Information, "Runner {RunnerId} joined session {SessionId}", EventName = "RunnerJoined")]
    private static partial void LogJoined(ILogger logger, string sessionId, string runnerId);

    [LoggerMessage(103, LogLevel.Information, "Session {SessionId} ended", EventName = "SessionEnded")]
    private static partial void LogEnded(ILogger logger, string sessionId);

    [LoggerMessage(104, LogLevel.Information, "Loaded {Count} sessions from the recording", EventName = "SessionsLoaded")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(105, LogLevel.Information, "Session {SessionId} read through from the shared recording", EventName = "SessionReadThrough")]
    private static partial void LogReadThrough(ILogger logger, string sessionId);

    [LoggerMessage(106, LogLevel.Information, "Runner {RunnerId} of session {SessionId} read through from the shared recording", EventName = "RunnerReadThrough")]
    private static partial void LogRunnerReadThrough(ILogger logger, string sessionId, string runnerId);
}
