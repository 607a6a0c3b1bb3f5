using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Uplink;

internal sealed partial class UplinkPump
{
    [LoggerMessage(210, LogLevel.Warning, "Runner {RunnerIndex}: uplink round failed ({Error}: {Message}); resending from the last ack", EventName = "RoundFailed")]
    private static partial void LogRoundFailed(ILogger logger, int runnerIndex, string error, string message);

    [LoggerMessage(211, LogLevel.Information, "Runner {RunnerIndex}: hub acked {UpTo} for a batch ending at {Last}; resending from the ack", EventName = "AckGap")]
    private static partial void LogGap(ILogger logger, int runnerIndex, long upTo, long last);

    // The refusal is the hub's answer, not a fault here: its message says it all, a stack trace would not.
    [LoggerMessage(212, LogLevel.Error, "Runner {RunnerIndex}: {Reason}; samples stay in the outbox", EventName = "JoinRejected")]
    private static partial void LogJoinRejected(ILogger logger, int runnerIndex, string reason);

    [LoggerMessage(214, LogLevel.Debug, "Runner {RunnerIndex}: the hub rate-limited a publish; sending it again in about {RetryAfterMs} ms", EventName = "PublishRateLimited")]
    private static partial void LogRateLimited(ILogger logger, int runnerIndex, long retryAfterMs);
}
