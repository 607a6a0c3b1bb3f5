using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<ReplayEventKind>))]
public enum ReplayEventKind
{
    [JsonStringEnumMemberName("sample")] Sample = 0,
    [JsonStringEnumMemberName("alert")] Alert = 1,
    [JsonStringEnumMemberName("alertCleared")] AlertCleared = 2,
    [JsonStringEnumMemberName("cue")] Cue = 3,
    [JsonStringEnumMemberName("marker")] Marker = 4,
}

/// <summary>
/// One item of the coach's <c>Replay(sessionId, speed, fromMs)</c> stream: a recorded sample, an alert raised or cleared,
/// a cue, or a coach's marker, in recorded time order. Exactly one of <see cref="Sample"/>, <see cref="Alert"/>,
/// <see cref="Cue"/>, <see cref="Marker"/> is set.
/// </summary>
public sealed record ReplayEvent
{
    [JsonPropertyName("kind")] public ReplayEventKind Kind { get; init; }

    /// <summary>When it happened, UTC unix ms (sample: observedAt; alert: startedAt/clearedAt; cue: issuedAt; marker: at).</summary>
    [JsonPropertyName("at")] public long At { get; init; }

    /// <summary>Milliseconds since the start of the recording (its first event).</summary>
    [JsonPropertyName("offsetMs")] public long OffsetMs { get; init; }

    /// <summary>The runner it is about; "" for a marker of the whole group.</summary>
    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("sample")] public MetricSample? Sample { get; init; }

    [JsonPropertyName("alert")] public FormAlert? Alert { get; init; }

    [JsonPropertyName("cue")] public CueUpdate? Cue { get; init; }

    [JsonPropertyName("marker")] public SessionMarker? Marker { get; init; }
}
