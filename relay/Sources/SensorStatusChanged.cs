namespace MindMuscle.Live.Relay.Sources;

/// <summary>A sensor's state for the status line.</summary>
/// <param name="RunnerIndex">The runner the sensor belongs to.</param>
/// <param name="Sensor">Which of the runner's sensors.</param>
/// <param name="State">Searching, connecting, connected or lost.</param>
/// <param name="DeviceName">The device's advertised name, once claimed.</param>
/// <param name="BatteryPct">Its last battery level, when it reported one.</param>
/// <param name="Nulled">Its samples with a value outside the plausible range, sent with that value null.</param>
internal sealed record SensorStatusChanged(int RunnerIndex, SensorKind Sensor, SensorState State, string? DeviceName, int? BatteryPct, long Nulled = 0);
