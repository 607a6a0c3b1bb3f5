using System.Text.Json;
using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Runners;

/// <summary>
/// Source-generated (AOT-safe) metadata for scenario files. Unknown fields are refused: a typo must not silently do
/// nothing. Expected alert kinds are read by their exact wire names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(AlertKindNameConverter)])]
[JsonSerializable(typeof(ScenarioDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
