using System.Text.Json.Nodes;

namespace MindMuscle.Live.Deployment.Tests.Compose;

/// <summary>The repository's docker-compose.yml as a JSON document, with accessors for the parts the tests check.</summary>
internal static class ComposeFile
{
    public const string RelativePath = "docker-compose.yml";

    /// <summary>A fresh copy on every call, so a test may mutate it.</summary>
    public static JsonObject Load() => YamlJson.Parse(RepoPaths.Read(RelativePath))?.AsObject()
        ?? throw new InvalidOperationException("docker-compose.yml is empty.");

    public static IEnumerable<(string Name, JsonObject Service)> Services(JsonObject compose) =>
        compose["services"]!.AsObject().Select(p => (p.Key, p.Value!.AsObject()));

    public static JsonObject Service(JsonObject compose, string name) =>
        compose["services"]?[name]?.AsObject() ?? throw new InvalidOperationException($"No service '{name}' in docker-compose.yml.");

    /// <summary>Build context and Dockerfile of a service with a build section (short or long syntax), relative to the repo.</summary>
    public static (string Context, string Dockerfile)? Build(JsonObject service) => service["build"] switch
    {
        null => null,
        JsonValue context => (context.GetValue<string>(), Path.Combine(context.GetValue<string>(), "Dockerfile")),
        JsonObject build => (
            build["context"]?.GetValue<string>() ?? ".",
            Path.Combine(build["context"]?.GetValue<string>() ?? ".", build["dockerfile"]?.GetValue<string>() ?? "Dockerfile")),
        _ => throw new InvalidOperationException("Unexpected build section."),
    };

    /// <summary>A list-or-dict section (environment, labels) as a dictionary.</summary>
    public static Dictionary<string, string?> ListOrDict(JsonNode? node) => node switch
    {
        null => [],
        JsonObject map => map.ToDictionary(p => p.Key, p => p.Value?.ToString()),
        JsonArray list => list.Select(i => i!.GetValue<string>().Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : null),
        _ => throw new InvalidOperationException("Expected a list or a mapping."),
    };

    /// <summary>Strings of a string-or-list node (command, networks in list form).</summary>
    public static List<string> Strings(JsonNode? node) => node switch
    {
        null => [],
        JsonArray list => [.. list.Select(i => i!.ToString())],
        JsonObject map => [.. map.Select(p => p.Key)],
        _ => [node.ToString()],
    };
}
