using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Http;

namespace MindMuscle.Live.Web.Coach;

/// <summary>
/// The hub's REST API as the coach's pages use it, with the coach key in the <c>X-Coach-Key</c> header (the key signs a
/// coach in; tokens open one session's live view). Failures become a <see cref="CoachApiException"/> whose message
/// tells the coach what to do next.
/// </summary>
public sealed class CoachApi(HttpClient http)
{
    public const string CoachKeyHeader = "X-Coach-Key";

    /// <summary>Every session on the hub, newest first. Also the sign-in check: a wrong key is rejected here.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListSessionsAsync(string coachKey, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, "api/sessions", coachKey);
        return await SendAsync<SessionSummary[]>(request, cancellationToken);
    }

    public async Task<CreateSessionResponse> CreateSessionAsync(string coachKey, CreateSessionRequest session, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/sessions", coachKey);
        request.Content = JsonContent.Create(session);
        return await SendAsync<CreateSessionResponse>(request, cancellationToken);
    }

    /// <summary>A coach token (and the join code) for a session this browser did not create.</summary>
    public async Task<CreateSessionResponse> MintCoachTokenAsync(string coachKey, string sessionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/coach-token", coachKey);
        return await SendAsync<CreateSessionResponse>(request, cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string coachKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(CoachKeyHeader, coachKey);
        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CoachApiException(
                CoachApiFailure.Unreachable,
                $"Cannot reach the hub at {http.BaseAddress}: check that it is running and that this device is on the same network (Wi-Fi or hotspot).",
                ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
                    ?? throw new CoachApiException(CoachApiFailure.Rejected, "The hub answered with an empty body; reload the page and try again.");
            }

            var detail = await ProblemDetail.ReadAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CoachApiException(
                    CoachApiFailure.KeyRejected,
                    "The hub did not accept this coach key. Use the key the hub printed when it first started (also in coach.key in its data folder, or the one set with --coach-key / MML_COACH_KEY)."),
                HttpStatusCode.NotFound => new CoachApiException(CoachApiFailure.NotFound, detail ?? "The hub does not know this session; reload the list."),
                HttpStatusCode.TooManyRequests => new CoachApiException(CoachApiFailure.Rejected, "The hub is limiting requests from this device; wait a few seconds and try again."),
                _ => new CoachApiException(CoachApiFailure.Rejected, detail ?? $"The hub answered {(int)response.StatusCode} {response.ReasonPhrase}; try again."),
            };
        }
    }
}
