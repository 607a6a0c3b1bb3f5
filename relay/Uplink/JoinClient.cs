using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary><c>POST /api/join</c>: first join with the code and a name; rejoin adds the runner id and rejoin secret.</summary>
internal interface IJoinClient
{
    Task<JoinResult> JoinAsync(Uri hubUrl, JoinRequest request, CancellationToken cancellationToken);
}

/// <param name="Response">The hub's answer.</param>
/// <param name="HubDate">The response's HTTP Date header (second precision): a first clock-offset guess.</param>
internal sealed record JoinResult(JoinResponse Response, DateTimeOffset? HubDate);

/// <summary>The hub refused the join for good (unknown or ended code, wrong rejoin secret): retrying will not help.</summary>
internal sealed class JoinRejectedException(HttpStatusCode status, string detail)
    : Exception($"The hub refused the join ({(int)status}): {detail}")
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>The hub answered 429: retry after <see cref="RetryAfter"/> (when it said), not sooner.</summary>
internal sealed class JoinThrottledException(TimeSpan? retryAfter)
    : HttpRequestException($"The hub is rate-limiting joins; retry after {retryAfter?.TotalSeconds ?? 0:0} s.", null, HttpStatusCode.TooManyRequests)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

internal sealed class HttpJoinClient(HttpClient http) : IJoinClient
{
    public async Task<JoinResult> JoinAsync(Uri hubUrl, JoinRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(hubUrl, "/api/join"), request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
            or HttpStatusCode.BadRequest or HttpStatusCode.Gone or HttpStatusCode.Conflict)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new JoinRejectedException(response.StatusCode, detail.Length > 300 ? detail[..300] : detail);
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
}
