using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>
/// Hub -> coach <c>RepCompleted</c>: a runner's rep ended (<see cref="Recovered"/> false, heart-rate drops still null),
/// or 60 s later the same rep again with its drops (<see cref="Recovered"/> true).
/// </summary>
public sealed record RepCompleted
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("rep")] public Rep Rep { get; init; } = new();

    [JsonPropertyName("recovered")] public bool Recovered { get; init; }
}

/// <summary>Hub -> coach <c>LapCompleted</c>: a runner finished a lap.</summary>
public sealed record LapCompleted
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("lap")] public Lap Lap { get; init; } = new();
}
