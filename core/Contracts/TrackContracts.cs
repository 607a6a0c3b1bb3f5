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

/// <summary>One runner's reps as <c>GET /api/sessions/{id}/reps</c> answers them.</summary>
public sealed record RunnerReps(
    [property: JsonPropertyName("runnerId")] string RunnerId,
    [property: JsonPropertyName("runnerName")] string? RunnerName,
    [property: JsonPropertyName("reps")] IReadOnlyList<Rep> Reps);

/// <summary>One runner's laps as <c>GET /api/sessions/{id}/laps</c> answers them.</summary>
public sealed record RunnerLaps(
    [property: JsonPropertyName("runnerId")] string RunnerId,
    [property: JsonPropertyName("runnerName")] string? RunnerName,
    [property: JsonPropertyName("laps")] IReadOnlyList<Lap> Laps);
