using System.Text.Json.Serialization;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>What the status line (and the <c>--json</c> <c>status</c> event) shows.</summary>
internal sealed record RelayStatus
{
    [JsonPropertyName("type")] public string Type { get; init; } = "status";

    [JsonPropertyName("at")] public long At { get; init; }

    [JsonPropertyName("runners")] public RunnerStatusLine[] Runners { get; init; } = [];

    [JsonPropertyName("cuesHeard")] public int CuesHeard { get; init; }

    [JsonPropertyName("cuesSpoken")] public int CuesSpoken { get; init; }

    [JsonPropertyName("cuesExpired")] public int CuesExpired { get; init; }

    [JsonPropertyName("cuesDropped")] public int CuesDropped { get; init; }

    [JsonPropertyName("lastCue")] public string? LastCue { get; init; }

    [JsonPropertyName("sourceEnded")] public bool SourceEnded { get; init; }
}
