using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// Reads scenario JSON through <see cref="ScenarioJsonContext"/> and turns every mistake into a
/// <see cref="ScenarioException"/> naming the scenario, the JSON path of the mistake and what is wrong with it.
/// </summary>
internal static partial class ScenarioReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static Scenario Parse(string json, string fallbackName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"Scenario '{fallbackName}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Mistake(fallbackName, "$", "(the top level) must be an object.");
            }

            ScenarioDocument file;
            try
            {
                file = document.RootElement.Deserialize(ScenarioJsonContext.Default.ScenarioDocument)!;
            }
            catch (JsonException ex)
            {
                throw new ScenarioException($"Scenario '{fallbackName}': {Describe(ex)}", ex);
            }

            return file.ToScenario(fallbackName);
        }
    }

    internal static ScenarioException Mistake(string scenario, string path, string problem) => new($"Scenario '{scenario}': {path} {problem}");

    /// <summary>The path and the problem: the converter's own words, an unknown field with the known ones, or a wrong shape.</summary>
    private static string Describe(JsonException ex)
    {
        var path = ex.Path ?? "$";
        if (ex is ScenarioValueException)
        {
            return $"{path} {ex.Message}";
        }

        JsonTypeInfo? type = ScenarioJsonContext.Default.ScenarioDocument;
        foreach (Match segment in PathSegment().Matches(path))
        {
            if (segment.Groups["index"].Success)
            {
                type = type?.ElementType is { } element ? ScenarioJsonContext.Default.GetTypeInfo(element) : null;
                continue;
            }

            var name = segment.Groups["name"].Value;
            if (type?.Kind != JsonTypeInfoKind.Object)
            {
                type = null;
                break;
            }

            var property = type.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                return $"{path} is not a known field (expected {string.Join(", ", type.Properties.Select(p => p.Name))}).";
            }

            type = ScenarioJsonContext.Default.GetTypeInfo(property.PropertyType);
        }

        return type?.Kind switch
        {
            JsonTypeInfoKind.Object => $"{path} must be an object.",
            JsonTypeInfoKind.Enumerable => $"{path} must be an array.",
            _ => $"{path}: {ex.Message}",
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<name>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
