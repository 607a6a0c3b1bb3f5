using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>
/// One line per log entry. An expected network failure (refused, reset, timed out) is named on that line without its
/// stack trace: during an outage the SignalR client logs one per reconnect attempt, and the trace says nothing new.
/// </summary>
internal sealed class RelayLogFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "relay";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var at = TimeZoneInfo.ConvertTime(time.GetUtcNow(), time.LocalTimeZone);
        textWriter.Write($"{at:HH:mm:ss} {Level(logEntry.LogLevel)}: {logEntry.Category}[{logEntry.EventId.Id}] {message?.ReplaceLineEndings(" ")}");
        if (logEntry.Exception is { } exception)
        {
            if (NetworkErrors.IsExpected(exception, logEntry.Category))
            {
                textWriter.Write($" ({Chain(exception)})");
            }
            else
            {
                textWriter.WriteLine();
                textWriter.Write(exception.ToString());
            }
        }

        textWriter.WriteLine();
    }

    /// <summary>Each exception of the chain as "Type: message", outermost first.</summary>
    private static string Chain(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }

        return string.Join(" <- ", parts);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
