using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Samples;

/// <summary>What a runner publishes: its samples in seq order.</summary>
public sealed record SampleBatch
{
    [JsonPropertyName("samples")] public MetricSample[] Samples { get; init; } = [];
}
