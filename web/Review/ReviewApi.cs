using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Web.Http;

namespace MindMuscle.Live.Web.Review;

/// <summary>
/// The hub's read API for one recorded (or live) session, as the review pages use it, with a
/// <see cref="ReviewReader"/>'s bearer token (a share link's or the coach's). Failures become a
/// <see cref="ReviewApiException"/> whose message tells the reader what to do next (a revoked or expired share link
/// says so, with the hub's own words).
/// </summary>
public sealed class ReviewApi(HttpClient http)
{
    /// <summary>The session's runners and state (<c>GET /api/sessions/{id}</c>).</summary>
    public Task<SessionSnapshot> GetSessionAsync(ReviewReader reader, CancellationToken cancellationToken) =>
        GetAsync<SessionSnapshot>(reader, Path(reader, "", ScopedQuery(reader)), cancellationToken);

    public Task<FormAlert[]> GetAlertsAsync(ReviewReader reader, CancellationToken cancellationToken) =>
        GetAsync<FormAlert[]>(reader, Path(reader, "/alerts", ScopedQuery(reader)), cancellationToken);

    public Task<CueUpdate[]> GetCuesAsync(ReviewReader reader, CancellationToken cancellationToken) =>
        GetAsync<CueUpdate[]>(reader, Path(reader, "/cues", ScopedQuery(reader)), cancellationToken);

    public Task<SessionMarker[]> GetMarkersAsync(ReviewReader reader, CancellationToken cancellationToken) =>
        GetAsync<SessionMarker[]>(reader, Path(reader, "/markers", ScopedQuery(reader)), cancellationToken);

    /// <summary>Reps per runner: the whole group's (or a scoped link's runner), or only <paramref name="runnerId"/>'s.</summary>
    public Task<RunnerReps[]> GetRepsAsync(ReviewReader reader, CancellationToken cancellationToken, string? runnerId = null) =>
        GetAsync<RunnerReps[]>(reader, Path(reader, "/reps", RunnerQuery(reader, runnerId)), cancellationToken);

    /// <summary>Laps per runner, as <see cref="GetRepsAsync"/>.</summary>
    public Task<RunnerLaps[]> GetLapsAsync(ReviewReader reader, CancellationToken cancellationToken, string? runnerId = null) =>
        GetAsync<RunnerLaps[]>(reader, Path(reader, "/laps", RunnerQuery(reader, runnerId)), cancellationToken);

    /// <summary>
    /// Reduced series of <paramref name="metric"/> (a sample's JSON field name) for each runner, in the order asked, with
    /// at most <paramref name="points"/> buckets each over [<paramref name="from"/>, <paramref name="to"/>] (the whole
    /// session when null).
    /// </summary>
    public async Task<RunnerSeries[]> GetSeriesAsync(
        ReviewReader reader, IReadOnlyList<string> runnerIds, string metric, long? from, long? to, int points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runnerIds);
        if (runnerIds.Count == 0)
        {
            return [];
        }

        var query = new StringBuilder();
        foreach (var runnerId in runnerIds)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append("runnerId=").Append(Uri.EscapeDataString(runnerId));
        }

        query.Append("&metric=").Append(Uri.EscapeDataString(metric)).Append("&points=").Append(points.ToString(CultureInfo.InvariantCulture));
        if (from is { } f)
        {
            query.Append("&from=").Append(f.ToString(CultureInfo.InvariantCulture));
        }

        if (to is { } t)
        {
            query.Append("&to=").Append(t.ToString(CultureInfo.InvariantCulture));
        }

        var path = Path(reader, "/series", query.ToString());
        if (runnerIds.Count == 1)
        {
            return [await GetAsync<RunnerSeries>(reader, path, cancellationToken)];
        }

        return await GetAsync<RunnerSeries[]>(reader, path, cancellationToken);
    }

    /// <summary>A runner's raw samples over [<paramref name="from"/>, <paramref name="to"/>] (a zoomed-in window, not a whole session).</summary>
    public async Task<MetricSample[]> GetSamplesAsync(ReviewReader reader, string runnerId, long from, long to, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"?runnerId={Uri.EscapeDataString(runnerId)}&from={from}&to={to}");
        var chunks = await GetAsync<RunnerSamples[]>(reader, Path(reader, "/samples", query), cancellationToken);
        return [.. chunks.SelectMany(c => c.Samples)];
    }

    /// <summary>
    /// The group at <paramref name="at"/> (unix ms): each runner's latest recorded sample at or before it, and the
    /// recorded range (<c>GET /api/sessions/{id}/state</c>; a scoped share asks for its runner only).
    /// </summary>
    public Task<SessionStateAt> GetStateAsync(ReviewReader reader, long at, CancellationToken cancellationToken)
    {
        var scoped = ScopedQuery(reader);
        var query = string.Create(CultureInfo.InvariantCulture, $"?at={at}") + (scoped.Length > 0 ? "&" + scoped[1..] : "");
        return GetAsync<SessionStateAt>(reader, Path(reader, "/state", query), cancellationToken);
    }

    /// <summary>Creates a read-only share link of the session (coach only): <c>POST /api/sessions/{id}/shares</c>.</summary>
    public Task<ShareCreated> CreateShareAsync(ReviewReader coach, CreateShareRequest request, CancellationToken cancellationToken) =>
        SendAsync<ShareCreated>(coach, HttpMethod.Post, Path(coach, "/shares", ""), JsonContent.Create(request), cancellationToken);

    /// <summary>The session's share links, never their tokens (coach only).</summary>
    public Task<ShareInfo[]> ListSharesAsync(ReviewReader coach, CancellationToken cancellationToken) =>
        GetAsync<ShareInfo[]>(coach, Path(coach, "/shares", ""), cancellationToken);

    /// <summary>Revokes a share link at once (coach only); revoking one already revoked is fine.</summary>
    public async Task RevokeShareAsync(ReviewReader coach, string shareId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(coach, HttpMethod.Delete, Path(coach, "/shares/" + Uri.EscapeDataString(shareId), ""), null, cancellationToken);
    }

    /// <summary>The hub URL of an export (CSV of the session; TCX or FIT of one runner), for a download link.</summary>
    public static string ExportPath(string sessionId, string export, string? runnerId = null) =>
        runnerId is null
            ? $"api/sessions/{Uri.EscapeDataString(sessionId)}/{export}"
            : $"api/sessions/{Uri.EscapeDataString(sessionId)}/runners/{Uri.EscapeDataString(runnerId)}/{export}";

    private static string ScopedQuery(ReviewReader reader) =>
        reader.ScopedRunnerId is { } runnerId ? "?runnerId=" + Uri.EscapeDataString(runnerId) : "";

    // One runner's detection reads that runner's samples only, not the whole session's.
    private static string RunnerQuery(ReviewReader reader, string? runnerId) =>
        runnerId is null ? ScopedQuery(reader) : "?runnerId=" + Uri.EscapeDataString(runnerId);

    private static string Path(ReviewReader reader, string tail, string query) =>
        $"api/sessions/{Uri.EscapeDataString(reader.SessionId)}{tail}{query}";

    private Task<T> GetAsync<T>(ReviewReader reader, string path, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(reader, HttpMethod.Get, path, null, cancellationToken);

    /// <summary>One call with the reader's bearer, its JSON answer read as <typeparamref name="T"/>.</summary>
    private async Task<T> SendAsync<T>(ReviewReader reader, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(reader, method, path, content, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new ReviewApiException(ReviewApiFailure.Rejected, "The hub answered with an empty body; reload the page and try again.");
    }

    /// <summary>One call with the reader's bearer: the successful answer (the caller disposes it), else the failure to show.</summary>
    private async Task<HttpResponseMessage> SendAsync(ReviewReader reader, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = reader.Authorization;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ReviewApiException(
                ReviewApiFailure.Unreachable,
                $"Cannot reach the hub at {http.BaseAddress}: check that it is running and that this device is online.",
                ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var detail = await ProblemDetail.ReadAsync(response, cancellationToken);
            var readOnly = response.StatusCode == HttpStatusCode.Forbidden && await IsReadOnlyAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Forbidden when readOnly => new ReviewApiException(
                    ReviewApiFailure.ReadOnly, detail ?? "This hub serves its recording read-only: nothing can be changed here."),
                HttpStatusCode.Unauthorized when reader.IsShare => new ReviewApiException(
                    detail?.Contains("revoked", StringComparison.OrdinalIgnoreCase) == true ? ReviewApiFailure.Revoked : ReviewApiFailure.Expired,
                    detail ?? "This share link no longer opens the session; ask the coach for a new link."),
                HttpStatusCode.Unauthorized => new ReviewApiException(
                    ReviewApiFailure.SignInNeeded, detail ?? "Sign in with the coach key (or open the coach link again) to review this session."),
                HttpStatusCode.Forbidden => new ReviewApiException(ReviewApiFailure.Forbidden, detail ?? "This link does not open that."),
                HttpStatusCode.NotFound => new ReviewApiException(ReviewApiFailure.NotFound, detail ?? "The hub does not know this session; check the link."),
                _ => new ReviewApiException(ReviewApiFailure.Rejected, detail ?? $"The hub answered {(int)response.StatusCode} {response.ReasonPhrase}; try again."),
            };
        }
    }

    /// <summary>Whether a 403 is the read-only hub's refusal (its problem's <c>reason</c> is <c>readOnly</c>).</summary>
    private static async Task<bool> IsReadOnlyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // The buffered bytes, not the content's stream: the detail was read from that stream already.
            using var problem = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("reason", out var reason)
                && reason.ValueKind == JsonValueKind.String
                && reason.GetString() == "readOnly";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public enum ReviewApiFailure
{
    /// <summary>The hub serves its recording read-only (<c>hub --read-only</c>): a change (a share link) is refused.</summary>
    ReadOnly,
    Unreachable,
    SignInNeeded,
    Revoked,
    Expired,
    Forbidden,
    NotFound,
    Rejected,
}

/// <summary>A review call the hub refused or could not answer; the message says what to do next.</summary>
public sealed class ReviewApiException(ReviewApiFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public ReviewApiFailure Failure { get; } = failure;
}
