using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>
/// Reads <c>GET /api/sessions/{id}/samples</c>: a bare array of samples, an object with a <c>samples</c> array, or
/// runner groups (<c>[{"runnerId", "samples"}]</c>) of which the asked runner's are taken. Accepting all three keeps
/// the console working while the hub's answer shape settles; docs/console.md names the one it expects.
/// </summary>
internal static class SamplesResponse
{
    public static MetricSample[] Parse(JsonElement root, string runnerId)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                if (root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object && root[0].TryGetProperty("samples", out _))
                {
                    var groups = root.Deserialize<RunnerSamples[]>(CoachJson.Options) ?? [];
                    return [.. groups.Where(g => g.RunnerId == runnerId).SelectMany(g => g.Samples).OrderBy(s => s.Seq)];
                }

                return root.Deserialize<MetricSample[]>(CoachJson.Options) ?? [];
            case JsonValueKind.Object when root.TryGetProperty("samples", out var samples):
                return Parse(samples, runnerId);
            case JsonValueKind.Object when root.TryGetProperty("runners", out var runners):
                return Parse(runners, runnerId);
            default:
                throw new HubApiException($"Unexpected samples answer for runner {runnerId}: a JSON {root.ValueKind}.");
        }
    }
}
