using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Web.Live;

/// <summary>Reads back from the hub's recording what the live feed skipped (<c>GET /api/sessions/{id}/samples</c>).</summary>
public sealed class RecordedSamples(HttpClient http)
{
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
