using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Ble.BlueZ;

internal sealed partial class BlueZAdapter
{
    [LoggerMessage(500, LogLevel.Information, "BlueZ discovery on {Adapter} for services {Services}", EventName = "BlueZScanning")]
    private static partial void LogScanning(ILogger logger, string adapter, string services);

    [LoggerMessage(501, LogLevel.Information, "BlueZ connected {Name} ({Address}), services resolved", EventName = "BlueZConnected")]
    private static partial void LogConnected(ILogger logger, string name, string address);

    [LoggerMessage(502, LogLevel.Warning, "BlueZ lost the link to {Name} ({Address})", EventName = "BlueZConnectionLost")]
    private static partial void LogConnectionLost(ILogger logger, string name, string address);

    [LoggerMessage(503, LogLevel.Debug, "BlueZ StopDiscovery on {Adapter} failed: {Reason}", EventName = "BlueZStopDiscoveryFailed")]
    private static partial void LogStopDiscoveryFailed(ILogger logger, string adapter, string reason);

    [LoggerMessage(504, LogLevel.Debug, "BlueZ Disconnect of {Address} failed: {Reason}", EventName = "BlueZDisconnectFailed")]
    private static partial void LogDisconnectFailed(ILogger logger, string address, string reason);
}
