using System.Text.Json.Serialization;

namespace MindMuscle.Live.Hub.Import;

/// <summary><c>POST /api/sessions/{id}/runners</c>: a runner who never joined live (a watch-only runner) by name.</summary>
internal sealed record AddRunnerRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
}

internal sealed record AddRunnerResponse
{
    [JsonPropertyName("runnerId")] public required string RunnerId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }
}

/// <summary>What an uploaded watch recording added to the runner's samples.</summary>
internal sealed record ActivityImportResponse
{
    /// <summary>Seconds added as backfilled samples.</summary>
    [JsonPropertyName("added")] public int Added { get; init; }

    /// <summary>Seconds the runner already had samples in (the live path's, or an earlier upload's).</summary>
    [JsonPropertyName("skipped")] public int Skipped { get; init; }

    /// <summary>Seconds before the session started or after it ended.</summary>
    [JsonPropertyName("outsideWindow")] public int OutsideWindow { get; init; }

    /// <summary>The seqs given to the added samples (null when none was added).</summary>
    [JsonPropertyName("firstSeq")] public long? FirstSeq { get; init; }

    [JsonPropertyName("lastSeq")] public long? LastSeq { get; init; }
}
