using System.Text.Json.Serialization;
using MindMuscle.Live.Relay.Uplink;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>One runner on the status line.</summary>
internal sealed record RunnerStatusLine
{
    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("hub")] public UplinkState Hub { get; init; }

    [JsonPropertyName("outboxPending")] public long OutboxPending { get; init; }

    [JsonPropertyName("lastSeq")] public long LastSeq { get; init; }

    [JsonPropertyName("ackedSeq")] public long AckedSeq { get; init; }

    /// <summary>Milliseconds since the last ack; null before the first.</summary>
    [JsonPropertyName("lastAckAgoMs")] public long? LastAckAgoMs { get; init; }

    /// <summary>Readings refused because the outbox was full (never silent: shown as OUTBOX FULL).</summary>
    [JsonPropertyName("refused")] public long Refused { get; init; }

    /// <summary>Readings the hub refused for good, kept as dead letters (listed by <c>relay dead-letters</c>).</summary>
    [JsonPropertyName("refusedByHub")] public long RefusedByHub { get; init; }

    /// <summary>The hub's words for the latest of them.</summary>
    [JsonPropertyName("refusedByHubReason")] public string? RefusedByHubReason { get; init; }

    /// <summary>Publishes the hub refused for the runner's publish rate (sent again after its wait: paced, not lost).</summary>
    [JsonPropertyName("rateLimited")] public long RateLimited { get; init; }

    [JsonPropertyName("clockOffsetMs")] public long ClockOffsetMs { get; init; }

    [JsonPropertyName("lastError")] public string? LastError { get; init; }

    /// <summary>UTC unix ms since when the hub could not be reached; null while connected.</summary>
    [JsonPropertyName("unreachableSince")] public long? UnreachableSince { get; init; }

    /// <summary>Why, in a few words ("connection refused", "HTTP 503", "timed out").</summary>
    [JsonPropertyName("unreachableReason")] public string? UnreachableReason { get; init; }

    /// <summary>Milliseconds until the next connect attempt, when one is scheduled.</summary>
    [JsonPropertyName("retryInMs")] public long? RetryInMs { get; init; }

    [JsonPropertyName("sensors")] public SensorLine[] Sensors { get; init; } = [];
}
