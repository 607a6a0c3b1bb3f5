using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Samples;

/// <summary>
/// The hub's answer to a publish: <see cref="UpTo"/> is the highest contiguous seq durably recorded for the runner.
/// The relay trims its outbox up to it. <see cref="HubTime"/> lets the relay estimate its clock offset.
/// </summary>
public sealed record PublishAck
{
    [JsonPropertyName("upTo")] public long UpTo { get; init; }

    /// <summary>The hub's clock when it answered, UTC unix milliseconds.</summary>
    [JsonPropertyName("hubTime")] public long HubTime { get; init; }

    /// <summary>Samples of this batch newly recorded.</summary>
    [JsonPropertyName("accepted")] public int Accepted { get; init; }

    /// <summary>Samples of this batch at or below the recorded seq: acknowledged, not recorded again.</summary>
    [JsonPropertyName("duplicates")] public int Duplicates { get; init; }
}
