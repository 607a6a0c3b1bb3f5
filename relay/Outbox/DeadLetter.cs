using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>A reading the hub refused for good, kept with the hub's words (one JSON line of <c>relay dead-letters</c>).</summary>
internal sealed record DeadLetter
{
    [JsonPropertyName("runnerIndex")] public required int RunnerIndex { get; init; }

    [JsonPropertyName("sessionId")] public string? SessionId { get; init; }

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("seq")] public required long Seq { get; init; }

    /// <summary>UTC unix ms on the relay's clock, as the reading was taken.</summary>
    [JsonPropertyName("observedAt")] public required long ObservedAt { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    /// <summary>UTC unix ms (relay clock) of the refusal.</summary>
    [JsonPropertyName("refusedAt")] public required long RefusedAt { get; init; }

    /// <summary>The reading as the outbox stored it.</summary>
    [JsonPropertyName("sample")] public required JsonNode? Sample { get; init; }
}
