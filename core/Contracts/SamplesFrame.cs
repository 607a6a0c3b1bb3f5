using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>
/// Hub -> coach <c>Samples</c>: every sample that arrived for the session since this coach's last frame,
/// grouped by runner, each in seq order. A coach that keeps up gets one sample per frame.
/// </summary>
public sealed record SamplesFrame
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("runners")] public RunnerSamples[] Runners { get; init; } = [];

    /// <summary>Frames dropped for this coach since its previous frame (it was lagging); 0 normally.</summary>
    [JsonPropertyName("dropped")] public int Dropped { get; init; }
}

public sealed record RunnerSamples
{
    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("samples")] public MetricSample[] Samples { get; init; } = [];
}
