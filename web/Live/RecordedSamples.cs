using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// Reads back from the hub's recording what the live feed cannot give a page that just opened or came back: samples
/// it skipped (<c>GET /api/sessions/{id}/samples</c>), the markers and the reps so far (<c>.../markers</c>, <c>.../reps</c>).
/// </summary>
public sealed class RecordedSamples(HttpClient http)
{
    /// <summary>Every marker of the session, in time order.</summary>
    public async Task<SessionMarker[]> ReadMarkersAsync(string sessionId, string coachToken, CancellationToken cancellationToken) =>
        await GetAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/markers", coachToken, LiveJsonContext.Default.SessionMarkerArray,
            cancellationToken) ?? [];

    /// <summary>Every runner's reps so far.</summary>
    public async Task<RunnerReps[]> ReadRepsAsync(string sessionId, string coachToken, CancellationToken cancellationToken) =>
        await GetAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/reps", coachToken, LiveJsonContext.Default.RunnerRepsArray,
            cancellationToken) ?? [];

    private async Task<T?> GetAsync<T>(string path, string coachToken, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coachToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    /// <summary>One runner's samples with seq in <paramref name="fromSeq"/>..<paramref name="toSeq"/>, observed at or after <paramref name="fromObservedAt"/>.</summary>
    public async Task<MetricSample[]> ReadAsync(string sessionId, string runnerId, long fromSeq, long toSeq, long fromObservedAt,
        string coachToken, CancellationToken cancellationToken)
    {
        var path = $"api/sessions/{Uri.EscapeDataString(sessionId)}/samples?runnerId={Uri.EscapeDataString(runnerId)}"
                   + "&from=" + fromObservedAt.ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coachToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var groups = await response.Content.ReadFromJsonAsync(LiveJsonContext.Default.RunnerSamplesArray, cancellationToken) ?? [];
        return [.. groups.Where(g => g.RunnerId == runnerId).SelectMany(g => g.Samples)
            .Where(s => s.Seq >= fromSeq && s.Seq <= toSeq).OrderBy(s => s.Seq)];
    }
}

/// <summary>One runner's reps as <c>GET /api/sessions/{id}/reps</c> lists them.</summary>
public sealed record RunnerReps
{
    [System.Text.Json.Serialization.JsonPropertyName("runnerId")] public string RunnerId { get; init; } = "";

    [System.Text.Json.Serialization.JsonPropertyName("reps")] public Rep[] Reps { get; init; } = [];
}
