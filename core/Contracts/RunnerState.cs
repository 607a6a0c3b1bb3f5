using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>A runner's connection state as the coach sees it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunnerState>))]
public enum RunnerState
{
    /// <summary>Joined, no sample yet.</summary>
    [JsonStringEnumMemberName("joined")] Joined = 0,
    /// <summary>Samples arriving on time.</summary>
    [JsonStringEnumMemberName("live")] Live = 1,
    /// <summary>No sample for a while (relay or sensor gone quiet).</summary>
    [JsonStringEnumMemberName("stale")] Stale = 2,
    /// <summary>Catching up: the relay is sending samples from its outbox after a gap.</summary>
    [JsonStringEnumMemberName("backfilling")] Backfilling = 3,
    /// <summary>Left the session or disconnected.</summary>
    [JsonStringEnumMemberName("left")] Left = 4,
    /// <summary>Said of a coach connection that cannot keep up: frames were dropped for it.</summary>
    [JsonStringEnumMemberName("lagging")] Lagging = 5,
}

/// <summary>Hub -> coach <c>RunnerStatus</c>.</summary>
public sealed record RunnerStatusUpdate
{
    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("state")] public RunnerState State { get; init; }

    /// <summary>UTC unix ms, hub clock.</summary>
    [JsonPropertyName("at")] public long At { get; init; }

    /// <summary>Highest contiguous seq recorded for the runner.</summary>
    [JsonPropertyName("lastSeq")] public long LastSeq { get; init; }

    /// <summary>Human detail, e.g. "backfilling 240 samples" or "412 frames dropped".</summary>
    [JsonPropertyName("detail")] public string? Detail { get; init; }
}
