using System.Text.Json;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Reads the answer of <c>SendCue</c>: an array of cue ids, or an object carrying <c>cueIds</c> (or one <c>cueId</c>).</summary>
internal static class CueIds
{
    public static IReadOnlyList<string> Parse(JsonElement answer)
    {
        switch (answer.ValueKind)
        {
            case JsonValueKind.Array:
                return [.. answer.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
            case JsonValueKind.String:
                return [answer.GetString()!];
            case JsonValueKind.Object when answer.TryGetProperty("cueIds", out var ids):
                return Parse(ids);
            case JsonValueKind.Object when answer.TryGetProperty("cueId", out var id):
                return Parse(id);
            default:
                return [];
        }
    }
}
