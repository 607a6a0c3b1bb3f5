using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>What a coach marks on the session's timeline.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MarkerKind>))]
public enum MarkerKind
{
    [JsonStringEnumMemberName("lap")] Lap = 0,
    [JsonStringEnumMemberName("repStart")] RepStart = 1,
    [JsonStringEnumMemberName("repEnd")] RepEnd = 2,
    [JsonStringEnumMemberName("note")] Note = 3,
}

/// <summary>
/// <c>POST /api/sessions/{id}/markers</c> body and the <c>AddMarker</c> hub method's argument: a marker for one runner
/// (<see cref="RunnerId"/>) or the whole group (null), at <see cref="At"/> (UTC unix ms; null: the hub's now).
/// </summary>
public sealed record MarkerRequest
{
    /// <summary>Longest note text the hub accepts.</summary>
    public const int MaxTextLength = 200;

    [JsonPropertyName("kind")] public MarkerKind Kind { get; init; }

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("at")] public long? At { get; init; }

    [JsonPropertyName("text")] public string? Text { get; init; }
}

/// <summary>A recorded marker, as the hub answers, fans out (<c>MarkerAdded</c>) and replays it.</summary>
public sealed record SessionMarker
{
    /// <summary>Assigned by the hub, increasing within a session.</summary>
    [JsonPropertyName("markerId")] public long MarkerId { get; init; }

    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("kind")] public MarkerKind Kind { get; init; }

    /// <summary>Null: the whole group.</summary>
    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    /// <summary>UTC unix ms.</summary>
    [JsonPropertyName("at")] public long At { get; init; }

    [JsonPropertyName("text")] public string? Text { get; init; }
}
