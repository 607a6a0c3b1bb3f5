using StackExchange.Redis;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>
/// Logs when a Redis connection of the hub (the session bus's or the SignalR backplane's) is lost and restored, per
/// physical connection (interactive for publishes, subscription for what other nodes send): an outage's length and
/// which side came back late can then be read from the log.
/// </summary>
internal static partial class RedisConnectionEvents
{
    public static void Watch(IConnectionMultiplexer mux, string name, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(mux);
        mux.ConnectionFailed += (_, e) => LogFailed(logger, name, e.ConnectionType, e.FailureType, e.EndPoint?.ToString());
        mux.ConnectionRestored += (_, e) => LogRestored(logger, name, e.ConnectionType, e.EndPoint?.ToString());
    }

    [LoggerMessage(806, LogLevel.Warning, "Redis {Name} {ConnectionType} connection to {EndPoint} lost ({FailureType})", EventName = "RedisConnectionFailed")]
    private static partial void LogFailed(ILogger logger, string name, ConnectionType connectionType, ConnectionFailureType failureType, string? endPoint);

    [LoggerMessage(807, LogLevel.Information, "Redis {Name} {ConnectionType} connection to {EndPoint} restored", EventName = "RedisConnectionRestored")]
    private static partial void LogRestored(ILogger logger, string name, ConnectionType connectionType, string? endPoint);
}
