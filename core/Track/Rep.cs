using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Track;

/// <summary>
/// One work bout of one runner, from its start to its end in sample time (UTC unix ms). Means are over the bout's
/// readings; a field no sensor sent is null, never 0.
/// </summary>
public sealed record Rep
{
    /// <summary>1-based, per runner.</summary>
    [JsonPropertyName("rep")] public int Number { get; init; }

    [JsonPropertyName("startedAt")] public long StartedAt { get; init; }

    [JsonPropertyName("endedAt")] public long EndedAt { get; init; }

    [JsonPropertyName("distanceM")] public double DistanceM { get; init; }

    [JsonPropertyName("durationS")] public double DurationS { get; init; }

    /// <summary>Duration over distance; null for a bout without distance.</summary>
    [JsonPropertyName("paceSecPerKm")] public double? PaceSecPerKm { get; init; }

    [JsonPropertyName("cadenceSpm")] public double? CadenceSpm { get; init; }

    [JsonPropertyName("strideLengthM")] public double? StrideLengthM { get; init; }

    [JsonPropertyName("groundContactMs")] public double? GroundContactMs { get; init; }

    [JsonPropertyName("verticalOscillationCm")] public double? VerticalOscillationCm { get; init; }

    [JsonPropertyName("gctBalanceLeftPct")] public double? GctBalanceLeftPct { get; init; }

    [JsonPropertyName("powerW")] public double? PowerW { get; init; }

    [JsonPropertyName("heartRateBpm")] public double? HeartRateBpm { get; init; }

    [JsonPropertyName("peakHeartRateBpm")] public int? PeakHeartRateBpm { get; init; }

    /// <summary>Heart rate at the end minus 30 s later; null until known (or without a heart-rate strap).</summary>
    [JsonPropertyName("hrDrop30Bpm")] public int? HrDrop30Bpm { get; init; }

    /// <summary>Heart rate at the end minus 60 s later; null until known (or without a heart-rate strap).</summary>
    [JsonPropertyName("hrDrop60Bpm")] public int? HrDrop60Bpm { get; init; }

    /// <summary>The 60 s drop is at least <c>slowRecoveryPct</c> smaller than after the runner's first rep: reported, not alerted.</summary>
    [JsonPropertyName("slowRecovery")] public bool SlowRecovery { get; init; }

    /// <summary>True when the coach's markers set the bounds rather than detection.</summary>
    [JsonPropertyName("marked")] public bool Marked { get; init; }
}

/// <summary>A rep completed, or its heart-rate recovery became known (the same rep, drops filled in).</summary>
public readonly record struct RepEvent(RepEventKind Kind, Rep Rep);

public enum RepEventKind
{
    /// <summary>The rep ended; its heart-rate drops are still null.</summary>
    Completed = 0,

    /// <summary>60 s after the end: the rep again, with <see cref="Rep.HrDrop30Bpm"/>, <see cref="Rep.HrDrop60Bpm"/> and <see cref="Rep.SlowRecovery"/>.</summary>
    Recovered = 1,
}
