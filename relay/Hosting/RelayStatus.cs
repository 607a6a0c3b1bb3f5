using System.Text.Json.Serialization;
using MindMuscle.Live.Relay.Sources;

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

internal sealed record RunnerStatusLine
{
    [JsonPropertyName("index")] public int Index { get; init; }

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("hub")] public string Hub { get; init; } = "";

    [JsonPropertyName("outboxPending")] public long OutboxPending { get; init; }

    [JsonPropertyName("lastSeq")] public long LastSeq { get; init; }

    [JsonPropertyName("ackedSeq")] public long AckedSeq { get; init; }

    /// <summary>Milliseconds since the last ack; null before the first.</summary>
    [JsonPropertyName("lastAckAgoMs")] public long? LastAckAgoMs { get; init; }

    /// <summary>Readings refused because the outbox was full (never silent: shown as OUTBOX FULL).</summary>
    [JsonPropertyName("refused")] public long Refused { get; init; }

    /// <summary>Publishes the hub refused for the runner's publish rate (sent again after its wait: paced, not lost).</summary>
    [JsonPropertyName("rateLimited")] public long RateLimited { get; init; }

    [JsonPropertyName("clockOffsetMs")] public long ClockOffsetMs { get; init; }

    [JsonPropertyName("lastError")] public string? LastError { get; init; }

    [JsonPropertyName("sensors")] public SensorLine[] Sensors { get; init; } = [];
}

internal sealed record SensorLine(
    [property: JsonPropertyName("sensor")] SensorKind Sensor,
    [property: JsonPropertyName("state")] SensorState State,
    [property: JsonPropertyName("device")] string? Device,
    [property: JsonPropertyName("batteryPct")] int? BatteryPct);
