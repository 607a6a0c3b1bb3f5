using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Cues;

/// <summary>Where a cue is on its trip: sent by the hub, then delivered to the relay, then spoken, expired or dropped.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CueStatus>))]
public enum CueStatus
{
    [JsonStringEnumMemberName("sent")] Sent = 0,
    [JsonStringEnumMemberName("delivered")] Delivered = 1,
    [JsonStringEnumMemberName("spoken")] Spoken = 2,
    [JsonStringEnumMemberName("expired")] Expired = 3,
    [JsonStringEnumMemberName("dropped")] Dropped = 4,
}

/// <summary>Runner -> hub <c>CueStatus</c>: what happened to a cue on the relay.</summary>
public sealed record CueStatusReport
{
    [JsonPropertyName("cueId")] public string CueId { get; init; } = "";

    [JsonPropertyName("status")] public CueStatus Status { get; init; }

    /// <summary>Optional reason, e.g. why a cue was dropped.</summary>
    [JsonPropertyName("detail")] public string? Detail { get; init; }
}

/// <summary>Hub -> coach <c>CueUpdate</c>: a cue and its latest status.</summary>
public sealed record CueUpdate
{
    [JsonPropertyName("cueId")] public string CueId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("text")] public string Text { get; init; } = "";

    [JsonPropertyName("source")] public CueSource Source { get; init; }

    [JsonPropertyName("status")] public CueStatus Status { get; init; }

    [JsonPropertyName("issuedAt")] public long IssuedAt { get; init; }

    [JsonPropertyName("expiresAt")] public long ExpiresAt { get; init; }

    /// <summary>When the status was reached, UTC unix ms (hub clock).</summary>
    [JsonPropertyName("at")] public long At { get; init; }

    [JsonPropertyName("detail")] public string? Detail { get; init; }
}

/// <summary>Coach -> hub <c>SendCue</c>: free text, or a catalog cue id; to one runner or (runnerId null) the whole group.</summary>
public sealed record CueRequest
{
    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("text")] public string? Text { get; init; }

    /// <summary>A catalog cue id, or the id of an auto-cue suggestion the coach accepts.</summary>
    [JsonPropertyName("cueId")] public string? CueId { get; init; }

    [JsonPropertyName("priority")] public CuePriority? Priority { get; init; }

    /// <summary>Time to live in seconds; the hub applies its default when null.</summary>
    [JsonPropertyName("ttlSeconds")] public int? TtlSeconds { get; init; }
}
