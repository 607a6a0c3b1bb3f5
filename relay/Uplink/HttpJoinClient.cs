using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>Joins over HTTP; refusals for good and throttling become typed exceptions.</summary>
internal sealed class HttpJoinClient(HttpClient http) : IJoinClient
{
    public async Task<JoinResult> JoinAsync(Uri hubUrl, JoinRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(hubUrl, "/api/join"), request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
            or HttpStatusCode.BadRequest or HttpStatusCode.Gone or HttpStatusCode.Conflict)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new JoinRejectedException(response.StatusCode, ProblemDetail(problem), rejoin: request.RunnerId is not null);
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // The hub rate-limits joins per address; with --runners N one relay can hit it. Wait as long as it says.
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date && response.Headers.Date is { } now ? date - now : null);
            throw new JoinThrottledException(retryAfter);
        }

        // 5xx throws HttpRequestException here, which the connect pipeline retries with backoff.
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JoinResponse>(cancellationToken)
            ?? throw new HttpRequestException("The hub answered the join with an empty body.");
        return new JoinResult(body, response.Headers.Date);
    }

    /// <summary>The hub answers with problem+json: its detail (or title) is the sentence a runner should read.</summary>
    private static string ProblemDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var name in (string[])["detail", "title"])
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] : body;
    }
}
