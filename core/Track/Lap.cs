using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Track;

/// <summary>One lap of one runner (sample time, UTC unix ms): a lap length of distance, or between two coach marks.</summary>
public sealed record Lap
{
    /// <summary>1-based, per runner.</summary>
    [JsonPropertyName("lap")] public int Number { get; init; }

    [JsonPropertyName("startedAt")] public long StartedAt { get; init; }

    [JsonPropertyName("endedAt")] public long EndedAt { get; init; }

    [JsonPropertyName("distanceM")] public double DistanceM { get; init; }

    [JsonPropertyName("durationS")] public double DurationS { get; init; }

    /// <summary>Null for a marked lap without distance.</summary>
    [JsonPropertyName("paceSecPerKm")] public double? PaceSecPerKm { get; init; }

    [JsonPropertyName("marked")] public bool Marked { get; init; }
}
