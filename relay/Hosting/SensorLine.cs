using System.Text.Json.Serialization;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>One sensor of a runner on the status line.</summary>
internal sealed record SensorLine(
    [property: JsonPropertyName("sensor")] SensorKind Sensor,
    [property: JsonPropertyName("state")] SensorState State,
    [property: JsonPropertyName("device")] string? Device,
    [property: JsonPropertyName("batteryPct")] int? BatteryPct,
    [property: JsonPropertyName("nulled")] long Nulled = 0);
