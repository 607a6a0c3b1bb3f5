using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>
/// Per-session alert thresholds (the hub's <c>alertSettings</c>). Every property is optional in JSON: a missing one
/// keeps its documented default. The alert-engine work owns the full list and its reasoning (docs/alerts.md).
/// </summary>
public sealed record AlertSettings
{
    /// <summary>Warm-up before a baseline counts, seconds of running (default 180).</summary>
    [JsonPropertyName("warmupSeconds")] public double WarmupSeconds { get; init; } = 180;

    /// <summary>Or warm-up by distance, metres (default 400); whichever comes first.</summary>
    [JsonPropertyName("warmupDistanceM")] public double WarmupDistanceM { get; init; } = 400;

    /// <summary>Cadence drop, percent below baseline (default 5).</summary>
    [JsonPropertyName("cadenceDropPct")] public double CadenceDropPct { get; init; } = 5;

    /// <summary>Heart-rate ceiling in bpm; null = off.</summary>
    [JsonPropertyName("hrCeilingBpm")] public int? HrCeilingBpm { get; init; }

    /// <summary>Target pace (seconds per km) for <c>paceDrop</c>; null = off. Usually copied from the session.</summary>
    [JsonPropertyName("targetPaceSecPerKm")] public double? TargetPaceSecPerKm { get; init; }

    public static AlertSettings Default { get; } = new();
}
