using System.Text.Json.Serialization;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<AutoCueMode>))]
public enum AutoCueMode
{
    /// <summary>Alerts only.</summary>
    [JsonStringEnumMemberName("off")] Off = 0,
    /// <summary>The alert carries a suggested cue; the coach confirms with one key.</summary>
    [JsonStringEnumMemberName("suggest")] Suggest = 1,
    /// <summary>The hub sends the suggested cue itself (rate-limited per runner).</summary>
    [JsonStringEnumMemberName("auto")] Auto = 2,
}

/// <summary><c>POST /api/sessions</c> body.</summary>
public sealed record CreateSessionRequest
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("targetPaceSecPerKm")] public double? TargetPaceSecPerKm { get; init; }

    [JsonPropertyName("autoCue")] public AutoCueMode AutoCue { get; init; } = AutoCueMode.Off;

    [JsonPropertyName("alertSettings")] public AlertSettings? AlertSettings { get; init; }

    /// <summary>Lowest <see cref="HrMaxBpm"/> the hub accepts.</summary>
    public const int MinHrMaxBpm = 120;

    /// <summary>Highest <see cref="HrMaxBpm"/> the hub accepts.</summary>
    public const int MaxHrMaxBpm = 230;

    /// <summary>The group's default HR max for heart-rate zones (a coach may change it per runner in the web app).</summary>
    [JsonPropertyName("hrMaxBpm")] public int? HrMaxBpm { get; init; }
}

public sealed record CreateSessionResponse
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("joinCode")] public string JoinCode { get; init; } = "";

    [JsonPropertyName("coachToken")] public string CoachToken { get; init; } = "";

    /// <summary>When the coach token expires, UTC unix ms.</summary>
    [JsonPropertyName("coachTokenExpiresAt")] public long CoachTokenExpiresAt { get; init; }

    /// <summary>Absolute URL of the web app's live view, the coach token in its fragment (never sent to a server).</summary>
    [JsonPropertyName("coachUrl")] public string? CoachUrl { get; init; }

    /// <summary>Absolute URL of the web app's runner companion for this join code.</summary>
    [JsonPropertyName("joinUrl")] public string? JoinUrl { get; init; }
}

/// <summary>
/// <c>POST /api/join</c> body. A first join sends the code and a name. A relay coming back as the same runner
/// (restart, expired token) also sends the <see cref="RunnerId"/> and the <see cref="RejoinSecret"/> it got at its first
/// join: the join code alone never takes over an existing runner.
/// </summary>
public sealed record JoinRequest
{
    [JsonPropertyName("joinCode")] public string JoinCode { get; init; } = "";

    [JsonPropertyName("runnerName")] public string RunnerName { get; init; } = "";

    [JsonPropertyName("runnerId")] public string? RunnerId { get; init; }

    [JsonPropertyName("rejoinSecret")] public string? RejoinSecret { get; init; }
}

public sealed record JoinResponse
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("runnerToken")] public string RunnerToken { get; init; } = "";

    /// <summary>When the runner token expires, UTC unix ms.</summary>
    [JsonPropertyName("runnerTokenExpiresAt")] public long RunnerTokenExpiresAt { get; init; }

    /// <summary>Keep with the runner id (the relay's data folder) to rejoin as the same runner.</summary>
    [JsonPropertyName("rejoinSecret")] public string RejoinSecret { get; init; } = "";

    /// <summary>Highest contiguous seq already recorded for this runner (0 for a new runner).</summary>
    [JsonPropertyName("lastSeq")] public long LastSeq { get; init; }
}

public sealed record SessionSummary
{
    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("createdAt")] public long CreatedAt { get; init; }

    [JsonPropertyName("endedAt")] public long? EndedAt { get; init; }

    [JsonPropertyName("runnerCount")] public int RunnerCount { get; init; }

    [JsonPropertyName("sampleCount")] public long SampleCount { get; init; }

    [JsonPropertyName("autoCue")] public AutoCueMode AutoCue { get; init; }

    [JsonPropertyName("targetPaceSecPerKm")] public double? TargetPaceSecPerKm { get; init; }

    /// <summary>The group's default HR max for heart-rate zones (<see cref="CreateSessionRequest.HrMaxBpm"/>, default 190).</summary>
    [JsonPropertyName("hrMaxBpm")] public int HrMaxBpm { get; init; } = 190;

    /// <summary>From the first recorded sample to the last, in ms (null without samples). Filled by the session list.</summary>
    [JsonPropertyName("durationMs")] public long? DurationMs { get; init; }

    /// <summary>Alerts recorded in the session. Filled by the session list.</summary>
    [JsonPropertyName("alertCount")] public long? AlertCount { get; init; }

    /// <summary>Cues sent in the session. Filled by the session list.</summary>
    [JsonPropertyName("cueCount")] public long? CueCount { get; init; }
}

/// <summary><c>PUT /api/sessions/{id}/auto-cue</c>: switches a running session's auto-cue mode.</summary>
public sealed record SetAutoCueRequest
{
    /// <summary>Null (missing) is refused with a 400 naming the three modes.</summary>
    [JsonPropertyName("mode")] public AutoCueMode? Mode { get; init; }
}

public sealed record RunnerSnapshot
{
    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("state")] public RunnerState State { get; init; }

    [JsonPropertyName("lastSeq")] public long LastSeq { get; init; }

    [JsonPropertyName("latest")] public MetricSample? Latest { get; init; }
}

/// <summary>Coach <c>Watch</c> result and <c>GET /api/sessions/{id}</c>: where the session stands now.</summary>
public sealed record SessionSnapshot
{
    [JsonPropertyName("session")] public SessionSummary Session { get; init; } = new();

    [JsonPropertyName("runners")] public RunnerSnapshot[] Runners { get; init; } = [];

    [JsonPropertyName("openAlerts")] public FormAlert[] OpenAlerts { get; init; } = [];

    [JsonPropertyName("recentCues")] public CueUpdate[] RecentCues { get; init; } = [];

    /// <summary>Every marker of the session, ordered by <c>at</c>.</summary>
    [JsonPropertyName("markers")] public SessionMarker[] Markers { get; init; } = [];

    /// <summary>The hub's clock when the snapshot was taken, UTC unix ms.</summary>
    [JsonPropertyName("hubTime")] public long HubTime { get; init; }
}
