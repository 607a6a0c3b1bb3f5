using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>What an uploaded watch recording added: seconds added (backfilled), skipped (already recorded), outside the session.</summary>
internal sealed record ActivityImport(int Added, int Skipped, int OutsideWindow, long? FirstSeq, long? LastSeq);

/// <summary>The hub's REST API (docs/protocol.md) as the coach console uses it.</summary>
internal sealed class CoachRestClient(HttpClient http, HubTarget target) : IRecordedSamples, IRecordedTrack
{
    public const string CoachKeyHeader = "X-Coach-Key";

    public Uri HubUrl => target.HubUrl;

    public Task<SessionSummary[]> ListSessionsAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<SessionSummary[]>("api/sessions", cancellationToken);

    public Task<SessionSnapshot> GetSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        GetJsonAsync<SessionSnapshot>($"api/sessions/{Uri.EscapeDataString(sessionId)}", cancellationToken);

    public Task<FormAlert[]> GetAlertsAsync(string sessionId, CancellationToken cancellationToken) =>
        GetJsonAsync<FormAlert[]>($"api/sessions/{Uri.EscapeDataString(sessionId)}/alerts", cancellationToken);

    public Task<CueUpdate[]> GetCuesAsync(string sessionId, CancellationToken cancellationToken) =>
        GetJsonAsync<CueUpdate[]>($"api/sessions/{Uri.EscapeDataString(sessionId)}/cues", cancellationToken);

    /// <summary>One runner's recorded samples in seq order.</summary>
    public Task<MetricSample[]> GetSamplesAsync(string sessionId, string runnerId, CancellationToken cancellationToken) =>
        GetSamplesAsync(sessionId, runnerId, fromObservedAt: null, cancellationToken);

    /// <summary>One runner's recorded samples observed at or after <paramref name="fromObservedAt"/> (UTC unix ms), in seq order.</summary>
    public async Task<MetricSample[]> GetSamplesAsync(string sessionId, string runnerId, long? fromObservedAt, CancellationToken cancellationToken)
    {
        var path = $"api/sessions/{Uri.EscapeDataString(sessionId)}/samples?runnerId={Uri.EscapeDataString(runnerId)}";
        if (fromObservedAt is { } from)
        {
            path += "&from=" + from.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var document = await GetJsonAsync<JsonDocument>(path, cancellationToken).ConfigureAwait(false);
        return SamplesResponse.Parse(document.RootElement, runnerId);
    }

    /// <summary>
    /// Mints a coach token for an existing session from the coach key. The hub issues coach tokens at session creation;
    /// this route (<c>POST /api/sessions/{id}/coach-token</c>) lets a console join a session it did not create.
    /// </summary>
    public async Task<string> MintCoachTokenAsync(string sessionId, CancellationToken cancellationToken) =>
        (await MintCoachAccessAsync(sessionId, cancellationToken).ConfigureAwait(false)).CoachToken;

    /// <summary>As <see cref="MintCoachTokenAsync"/>, with the web app's <c>coachUrl</c> and <c>joinUrl</c> the hub answers with.</summary>
    public async Task<CreateSessionResponse> MintCoachAccessAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(target.CoachKey))
        {
            throw new HubApiException("A coach key (--coach-key or MML_COACH_KEY) is needed to get a coach token.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve($"api/sessions/{Uri.EscapeDataString(sessionId)}/coach-token"));
        request.Headers.Add(CoachKeyHeader, target.CoachKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            var detail = await ProblemDetail.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw new HubApiException(response.StatusCode,
                $"The hub did not mint a coach token for session {sessionId} from the coach key ({(int)response.StatusCode}: {detail}). "
                + "If the session exists, this hub has no POST /api/sessions/{id}/coach-token route: pass --token (or MML_COACH_TOKEN) "
                + "with the coach token from session creation.");
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<CreateSessionResponse>(CoachJson.Options, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(body?.CoachToken)
            ? throw new HubApiException("The hub answered the coach-token request without a token.")
            : body;
    }

    /// <summary>Every runner's reps and laps so far and the session's repFade alerts (three GETs).</summary>
    public async Task<RecordedTrack> GetTrackAsync(string sessionId, CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(sessionId);
        var reps = await GetJsonAsync<RunnerReps[]>($"api/sessions/{id}/reps", cancellationToken).ConfigureAwait(false);
        var laps = await GetJsonAsync<RunnerLaps[]>($"api/sessions/{id}/laps", cancellationToken).ConfigureAwait(false);
        var alerts = await GetAlertsAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var lapsByRunner = laps.ToDictionary(l => l.RunnerId, l => l.Laps, StringComparer.Ordinal);
        var runners = reps.Select(r => new RunnerTrackRecord(r.RunnerId, r.Reps, lapsByRunner.GetValueOrDefault(r.RunnerId, [])))
            .Concat(laps.Where(l => !reps.Any(r => r.RunnerId == l.RunnerId)).Select(l => new RunnerTrackRecord(l.RunnerId, [], l.Laps)));
        return new RecordedTrack([.. runners], [.. alerts.Where(a => a.Kind == AlertKind.RepFade)]);
    }

    /// <summary><c>POST /api/sessions/{id}/markers</c>: the marker as the hub recorded it.</summary>
    public async Task<SessionMarker> AddMarkerAsync(string sessionId, MarkerRequest marker, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/markers");
        request.Content = JsonContent.Create(marker, options: CoachJson.Options);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<SessionMarker>(CoachJson.Options, cancellationToken).ConfigureAwait(false);
        return body ?? throw new HubApiException("The hub answered the marker with an empty body.");
    }

    /// <summary>Streams the session's CSV export into <paramref name="destination"/> without holding it in memory.</summary>
    public Task DownloadCsvAsync(string sessionId, Stream destination, CancellationToken cancellationToken) =>
        DownloadAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/export.csv", destination, cancellationToken);

    public Task DownloadTcxAsync(string sessionId, string runnerId, Stream destination, CancellationToken cancellationToken) =>
        DownloadAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/runners/{Uri.EscapeDataString(runnerId)}/export.tcx", destination, cancellationToken);

    public Task DownloadLapsCsvAsync(string sessionId, Stream destination, CancellationToken cancellationToken) =>
        DownloadAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/laps.csv", destination, cancellationToken);

    public Task DownloadFitAsync(string sessionId, string runnerId, Stream destination, CancellationToken cancellationToken) =>
        DownloadAsync($"api/sessions/{Uri.EscapeDataString(sessionId)}/runners/{Uri.EscapeDataString(runnerId)}/export.fit", destination, cancellationToken);

    /// <summary><c>POST /api/sessions/{id}/runners</c>: adds a runner who never joined live (a watch-only runner); returns its id.</summary>
    public async Task<string> AddRunnerAsync(string sessionId, string name, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/runners");
        request.Content = JsonContent.Create(new Dictionary<string, string> { ["name"] = name });
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(CoachJson.Options, cancellationToken).ConfigureAwait(false);
        return body?.RootElement.TryGetProperty("runnerId", out var id) == true && id.GetString() is { Length: > 0 } runnerId
            ? runnerId
            : throw new HubApiException("The hub answered the new runner without a runnerId.");
    }

    /// <summary><c>POST /api/sessions/{id}/runners/{runnerId}/activity</c>: a watch's FIT or TCX merged into the runner's recording.</summary>
    public async Task<ActivityImport> UploadActivityAsync(string sessionId, string runnerId, byte[] file, string contentType, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/runners/{Uri.EscapeDataString(runnerId)}/activity");
        request.Content = new ByteArrayContent(file);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<ActivityImport>(CoachJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new HubApiException("The hub answered the upload with an empty body.");
    }

    private async Task DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadFromJsonAsync<T>(CoachJson.Options, cancellationToken).ConfigureAwait(false);
        return value ?? throw new HubApiException($"The hub answered GET /{path} with an empty body.");
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, Resolve(path));
        if (!string.IsNullOrWhiteSpace(target.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        }
        else if (!string.IsNullOrWhiteSpace(target.CoachKey))
        {
            request.Headers.Add(CoachKeyHeader, target.CoachKey);
        }

        return request;
    }

    private Uri Resolve(string path) => new(target.HubUrl, path);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ProblemDetail.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " Check --coach-key / --token (or MML_COACH_KEY / MML_COACH_TOKEN).",
            HttpStatusCode.Forbidden => " The token is for another session or is not a coach token.",
            _ => "",
        };
        throw new HubApiException(response.StatusCode,
            $"{(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {detail}{hint}");
    }
}
