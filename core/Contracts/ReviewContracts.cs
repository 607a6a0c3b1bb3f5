using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Contracts;

/// <summary>
/// One bucket of a reduced series (<c>GET /api/sessions/{id}/series</c>): the samples observed in
/// [<see cref="T"/>, T + bucket width), their true extremes, their mean and how many carried the metric.
/// </summary>
public sealed record SeriesPoint
{
    /// <summary>The bucket's start, UTC unix ms.</summary>
    [JsonPropertyName("t")] public long T { get; init; }

    [JsonPropertyName("min")] public double Min { get; init; }

    [JsonPropertyName("max")] public double Max { get; init; }

    [JsonPropertyName("mean")] public double Mean { get; init; }

    [JsonPropertyName("n")] public long N { get; init; }
}

/// <summary>One runner's reduced series of one metric (a sample field by its JSON name, e.g. <c>cadenceSpm</c>).</summary>
public sealed record RunnerSeries
{
    /// <summary>Most points a series answer may ask for.</summary>
    public const int MaxPoints = 2000;

    /// <summary>Points when the request names none.</summary>
    public const int DefaultPoints = 500;

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("metric")] public string Metric { get; init; } = "";

    /// <summary>At most the requested number of buckets, ordered by <c>t</c>; empty buckets are left out.</summary>
    [JsonPropertyName("points")] public SeriesPoint[] Points { get; init; } = [];
}

/// <summary>
/// <c>POST /api/sessions/{id}/shares</c> body: a read-only link to the session's review, for
/// <see cref="ExpiresInHours"/> (1..720, default 168), limited to one runner when <see cref="RunnerId"/> is set.
/// </summary>
public sealed record CreateShareRequest
{
    public const int MinHours = 1;
    public const int MaxHours = 720;
    public const int DefaultHours = 168;

    [JsonPropertyName("expiresInHours")] public int? ExpiresInHours { get; init; }

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }
}

/// <summary>The answer to creating a share: <see cref="Url"/> opens the review page with the token in its fragment.</summary>
public sealed record ShareCreated
{
    [JsonPropertyName("shareId")] public string ShareId { get; init; } = "";

    /// <summary><c>{base}/sessions/{sessionId}/review#share={token}</c>.</summary>
    [JsonPropertyName("url")] public string Url { get; init; } = "";

    /// <summary>UTC unix ms.</summary>
    [JsonPropertyName("expiresAt")] public long ExpiresAt { get; init; }
}

/// <summary>A share as <c>GET /api/sessions/{id}/shares</c> lists it (never its token).</summary>
public sealed record ShareInfo
{
    [JsonPropertyName("shareId")] public string ShareId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    /// <summary>UTC unix ms.</summary>
    [JsonPropertyName("createdAt")] public long CreatedAt { get; init; }

    /// <summary>UTC unix ms.</summary>
    [JsonPropertyName("expiresAt")] public long ExpiresAt { get; init; }

    /// <summary>UTC unix ms when revoked; null while the link works (or until it expires).</summary>
    [JsonPropertyName("revokedAt")] public long? RevokedAt { get; init; }
}

/// <summary>The claims of a share token: role <see cref="Role"/>, the session (<c>sid</c>), the runner when scoped (<c>rid</c>), and the share.</summary>
public static class ShareTokenClaims
{
    public const string Role = "share";

    /// <summary>The share's id, which the hub looks up on every request (revoked or expired links are refused).</summary>
    public const string ShareId = "shr";
}
