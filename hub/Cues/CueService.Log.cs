namespace MindMuscle.Live.Hub.Cues;

internal sealed partial class CueService
{
    [LoggerMessage(401, LogLevel.Warning, "Cue {CueId} to runner {RunnerId} could not be handed to its connection", EventName = "CueDeliveryFailed")]
    private static partial void LogDeliveryFailed(ILogger logger, string cueId, string runnerId, Exception exception);

    [LoggerMessage(403, LogLevel.Information, "Cue {CueId} handed again to runner {RunnerId}, whose relay connected while it was unreported", EventName = "CueRedelivered")]
    private static partial void LogRedelivered(ILogger logger, string cueId, string runnerId);

    [LoggerMessage(402, LogLevel.Warning, "Auto cue for runner {RunnerId} in session {SessionId} failed", EventName = "AutoCueFailed")]
    private static partial void LogAutoCueFailed(ILogger logger, string sessionId, string runnerId, Exception exception);
}
