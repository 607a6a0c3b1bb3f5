using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Alerts;

/// <summary>A running-form alert for one runner: raised at <see cref="StartedAt"/>, open until <see cref="ClearedAt"/>.</summary>
/// <remarks>Times are sample time (the samples' <c>observedAt</c>), UTC unix ms, so a replay raises the same alerts.</remarks>
public sealed record FormAlert
{
    [JsonPropertyName("alertId")] public string AlertId { get; init; } = "";

    [JsonPropertyName("kind")] public AlertKind Kind { get; init; }

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("startedAt")] public long StartedAt { get; init; }

    [JsonPropertyName("clearedAt")] public long? ClearedAt { get; init; }

    [JsonPropertyName("baseline")] public double? Baseline { get; init; }

    [JsonPropertyName("current")] public double? Current { get; init; }

    [JsonPropertyName("severity")] public AlertSeverity Severity { get; init; }

    /// <summary>For the coach, e.g. "Cadence 168 spm, 6.7 % below baseline 180 for 15 s".</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    /// <summary>A spoken cue that fits, from the catalog; null for coach-only kinds.</summary>
    [JsonPropertyName("suggestedCue")] public string? SuggestedCue { get; init; }

    /// <summary>The catalog id of <see cref="SuggestedCue"/> (with its side, e.g. <c>imbalance.1:left</c>): what <c>SendCue</c> takes when the coach accepts it.</summary>
    [JsonPropertyName("suggestedCueId")] public string? SuggestedCueId { get; init; }

    /// <summary>"left" or "right" where the alert names a side (imbalance: the side that works less).</summary>
    [JsonPropertyName("side")] public string? Side { get; init; }
}
