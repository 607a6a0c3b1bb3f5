using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>The JSON settings of every wire and JSON-lines payload: camelCase, nulls omitted, like the hub.</summary>
internal static class CoachJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // JSON lines go to terminals and scripts, never into HTML: keep names like "O'Brien" and "→" readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
