using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Sources;

internal sealed partial class BleReadingSource
{
    [LoggerMessage(600, LogLevel.Information, "Sensor {Name} ({Address}) is runner {Runner}'s {Sensor}", EventName = "SensorClaimed")]
    private static partial void LogClaimed(ILogger logger, string name, string address, SensorKind sensor, int runner);

    [LoggerMessage(601, LogLevel.Information, "Sensor {Name} connected: runner {Runner}'s {Sensor}", EventName = "SensorConnected")]
    private static partial void LogConnected(ILogger logger, string name, SensorKind sensor, int runner);

    [LoggerMessage(602, LogLevel.Warning, "Sensor {Name} lost: runner {Runner}'s {Sensor}; reconnecting", EventName = "SensorLost")]
    private static partial void LogLost(ILogger logger, string name, SensorKind sensor, int runner);

    [LoggerMessage(603, LogLevel.Warning, "Sensor {Name} (runner {Runner}'s {Sensor}) did not connect; retry in {DelaySeconds} s: {Reason}", EventName = "SensorConnectFailed")]
    private static partial void LogConnectFailed(ILogger logger, string name, SensorKind sensor, int runner, double delaySeconds, string reason);

    [LoggerMessage(604, LogLevel.Warning, "Rejected a payload from {Name} on {Characteristic}: {Reason} ({Hex})", EventName = "PayloadRejected")]
    private static partial void LogRejected(ILogger logger, string name, string characteristic, string reason, string hex);

    [LoggerMessage(605, LogLevel.Error, "Reading buffer full: a reading of runner {Runner} was lost ({Total} so far); the outbox writer is not keeping up", EventName = "SourceOverflow")]
    private static partial void LogOverflow(ILogger logger, int runner, long total);

    [LoggerMessage(607, LogLevel.Information, "Sensor {Name} (runner {Runner}'s {Sensor}) sent a value that cannot be a reading; sent as null, counted on the status line: {Kinds}", EventName = "ValueNulled")]
    private static partial void LogNulled(ILogger logger, string name, SensorKind sensor, int runner, string kinds);

    [LoggerMessage(606, LogLevel.Warning, "BLE scan stopped: {Reason}", EventName = "ScanFailed")]
    private static partial void LogScanFailed(ILogger logger, string reason);
}
