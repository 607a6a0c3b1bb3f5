using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>
/// <c>GET /api/sessions/{id}/state?at=unixMs</c>: the group at one instant of the recording, as the live view showed it
/// then, with the recorded range a review timeline spans.
/// </summary>
public sealed record SessionStateAt
{
    /// <summary>The instant asked for, UTC unix ms.</summary>
    [JsonPropertyName("at")] public long At { get; init; }

    /// <summary>The session's first recorded sample, UTC unix ms; null without samples.</summary>
    [JsonPropertyName("from")] public long? From { get; init; }

    /// <summary>The session's last recorded sample, UTC unix ms; null without samples.</summary>
    [JsonPropertyName("to")] public long? To { get; init; }

    /// <summary>Each runner asked for (every runner by default), ordered by name.</summary>
    [JsonPropertyName("runners")] public RunnerStateAt[] Runners { get; init; } = [];
}

/// <summary>One runner at an instant: its latest recorded sample at or before it (null when it had none yet).</summary>
public sealed record RunnerStateAt
{
    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("sample")] public MetricSample? Sample { get; init; }
}
