using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Outbox;

internal sealed partial class SqliteOutbox
{
    [LoggerMessage(100, LogLevel.Information, "Outbox runner {RunnerIndex}: {Pending} pending, last seq {LastSeq}, acked {AckedSeq}", EventName = "OutboxOpened")]
    private static partial void LogOpened(ILogger logger, int runnerIndex, long pending, long lastSeq, long ackedSeq);

    [LoggerMessage(101, LogLevel.Warning, "Outbox full: refused {Count} readings of runner {RunnerIndex} ({Total} refused in all)", EventName = "OutboxFull")]
    private static partial void LogRefused(ILogger logger, int count, int runnerIndex, long total);
}
