using System.Text.Json.Serialization;

namespace MindMuscle.Live.Bench.BareHub;

/// <summary>The hub process's own GC figures, served at <c>/bench/gc</c>.</summary>
internal sealed record GcCounts
{
    [JsonPropertyName("gen0")] public int Gen0 { get; init; }

    [JsonPropertyName("gen1")] public int Gen1 { get; init; }

    [JsonPropertyName("gen2")] public int Gen2 { get; init; }

    [JsonPropertyName("pauseMs")] public double PauseMs { get; init; }

    [JsonPropertyName("allocatedBytes")] public long AllocatedBytes { get; init; }

    public static GcCounts Now() => new()
    {
        Gen0 = GC.CollectionCount(0),
        Gen1 = GC.CollectionCount(1),
        Gen2 = GC.CollectionCount(2),
        PauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
        AllocatedBytes = GC.GetTotalAllocatedBytes(),
    };
}
