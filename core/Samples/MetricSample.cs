using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Samples;

/// <summary>
/// One reading of one runner: a sensor notification, or several merged. The wire shape every part shares.
/// </summary>
/// <remarks>
/// Missing fields are <c>null</c>, never 0: a footpod that sends no stride length must not read as a 0 m stride.
/// Units are in the property names. <see cref="ObservedAt"/> is UTC unix milliseconds in hub time.
/// </remarks>
public sealed record MetricSample
{
    /// <summary>Per session + runner, from 1, contiguous.</summary>
    [JsonPropertyName("seq")] public long Seq { get; init; }

    /// <summary>When the relay observed the reading, UTC unix milliseconds (hub clock).</summary>
    [JsonPropertyName("observedAt")] public long ObservedAt { get; init; }

    [JsonPropertyName("heartRateBpm")] public int? HeartRateBpm { get; init; }

    /// <summary>Beat-to-beat intervals in milliseconds (from 1/1024 s units).</summary>
    [JsonPropertyName("rrIntervalsMs")] public double[]? RrIntervalsMs { get; init; }

    /// <summary>Steps per minute, both feet.</summary>
    [JsonPropertyName("cadenceSpm")] public double? CadenceSpm { get; init; }

    [JsonPropertyName("speedMps")] public double? SpeedMps { get; init; }

    [JsonPropertyName("strideLengthM")] public double? StrideLengthM { get; init; }

    [JsonPropertyName("distanceM")] public double? DistanceM { get; init; }

    [JsonPropertyName("powerW")] public int? PowerW { get; init; }

    [JsonPropertyName("groundContactMs")] public double? GroundContactMs { get; init; }

    [JsonPropertyName("verticalOscillationCm")] public double? VerticalOscillationCm { get; init; }

    /// <summary>Share of ground contact time on the left foot, percent (50 = even).</summary>
    [JsonPropertyName("gctBalanceLeftPct")] public double? GctBalanceLeftPct { get; init; }

    [JsonPropertyName("sensorContact")] public bool? SensorContact { get; init; }

    [JsonPropertyName("batteryPct")] public int? BatteryPct { get; init; }

    /// <summary>True when the sample reached the hub late (sent from the relay's outbox after a gap).</summary>
    [JsonPropertyName("backfilled")] public bool Backfilled { get; init; }
}
