namespace MindMuscle.Live.Relay.Sources;

internal sealed record SensorStatusChanged(int RunnerIndex, SensorKind Sensor, SensorState State, string? DeviceName, int? BatteryPct);
