using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Cues;

/// <summary>A spoken cue on its way to one runner's earbuds (hub -> runner <c>Cue</c>).</summary>
public sealed record CueMessage
{
    [JsonPropertyName("cueId")] public string CueId { get; init; } = "";

    [JsonPropertyName("text")] public string Text { get; init; } = "";

    [JsonPropertyName("priority")] public CuePriority Priority { get; init; } = CuePriority.Normal;

    /// <summary>UTC unix milliseconds, hub clock.</summary>
    [JsonPropertyName("issuedAt")] public long IssuedAt { get; init; }

    /// <summary>After this instant (UTC unix ms, hub clock) the cue is stale: dropped and reported expired, never spoken late.</summary>
    [JsonPropertyName("expiresAt")] public long ExpiresAt { get; init; }

    [JsonPropertyName("source")] public CueSource Source { get; init; } = CueSource.Coach;
}

[JsonConverter(typeof(JsonStringEnumConverter<CuePriority>))]
public enum CuePriority
{
    [JsonStringEnumMemberName("low")] Low = 0,
    [JsonStringEnumMemberName("normal")] Normal = 1,
    [JsonStringEnumMemberName("high")] High = 2,
}

[JsonConverter(typeof(JsonStringEnumConverter<CueSource>))]
public enum CueSource
{
    /// <summary>Typed or picked by the coach.</summary>
    [JsonStringEnumMemberName("coach")] Coach = 0,
    /// <summary>Sent by the hub itself in auto-cue mode.</summary>
    [JsonStringEnumMemberName("auto")] Auto = 1,
    /// <summary>Periodic check-in.</summary>
    [JsonStringEnumMemberName("checkIn")] CheckIn = 2,
}
