using System.Text.Json.Serialization;

namespace MindMuscle.Live.Web.Runner;

/// <summary>Who this phone is on the hub, kept in local storage per join code: enough to rejoin as the same runner.</summary>
public sealed record RunnerIdentity
{
    [JsonPropertyName("joinCode")] public string JoinCode { get; init; } = "";

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("sessionId")] public string SessionId { get; init; } = "";

    [JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [JsonPropertyName("rejoinSecret")] public string RejoinSecret { get; init; } = "";
}
