using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace MindMuscle.Live.Deployment.Tests.Compose;

/// <summary>The Compose Specification JSON schema (Data/compose-spec.json, source in Data/SOURCE.md).</summary>
internal static class ComposeSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Build);

    /// <summary>Validates a Compose document; the result lists every failing location.</summary>
    public static EvaluationResults Evaluate(JsonNode? document)
    {
        using var json = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        return Schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static JsonSchema Build()
    {
        // The file names draft-07 as "https://json-schema.org/draft-07/schema" (https, no '#'), which is not the
        // canonical draft-07 id: register draft-07 under that id too, so it is evaluated as the draft it is.
        var dialects = new DialectRegistry();
        dialects.Register(Dialect.Draft07.With([], new Uri("https://json-schema.org/draft-07/schema")));
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), DialectRegistry = dialects };
        return JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Data", "compose-spec.json"), options);
    }

    /// <summary>"location: message" lines for a failed evaluation, for assertion messages.</summary>
    public static string Describe(EvaluationResults results) =>
        string.Join(Environment.NewLine,
            (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}
