using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary><c>POST /api/join</c>: first join with the code and a name; rejoin adds the runner id and rejoin secret.</summary>
public interface IJoinClient
{
    Task<JoinResult> JoinAsync(Uri hubUrl, JoinRequest request, CancellationToken cancellationToken);
}

/// <param name="Response">The hub's answer.</param>
/// <param name="HubDate">The response's HTTP Date header (second precision): a first clock-offset guess.</param>
public sealed record JoinResult(JoinResponse Response, DateTimeOffset? HubDate);

/// <summary>The hub refused the join for good (unknown or ended code, wrong rejoin secret): retrying will not help.</summary>
public sealed class JoinRejectedException(HttpStatusCode status, string detail)
    : Exception($"The hub refused the join ({(int)status}): {detail}")
{
    public HttpStatusCode Status { get; } = status;
}

public sealed class HttpJoinClient(HttpClient http) : IJoinClient
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

        // 429 and 5xx throw HttpRequestException here, which the connect pipeline retries with backoff.
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JoinResponse>(cancellationToken)
            ?? throw new HttpRequestException("The hub answered the join with an empty body.");
        return new JoinResult(body, response.Headers.Date);
    }
}
