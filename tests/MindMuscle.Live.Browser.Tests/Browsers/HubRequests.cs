using System.Net.Http.Headers;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Browser.Tests;

/// <summary>The hub's REST API as the tests' own control channel (arranging sessions, runners and samples).</summary>
public static class HubRequests
{
    public static async Task<CreateSessionResponse> CreateSessionAsync(this HubChildProcess hub, CreateSessionRequest session)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/sessions") { Content = JsonContent.Create(session) };
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<CreateSessionResponse> MintCoachTokenAsync(this HubChildProcess hub, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{sessionId}/coach-token");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<SessionSummary[]> ListSessionsAsync(this HubChildProcess hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/sessions");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionSummary[]>(TestContext.Current.CancellationToken))!;
    }

    public static async Task EndSessionAsync(this HubChildProcess hub, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{sessionId}/end");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The session's runners, id by name (<c>GET /api/sessions/{id}</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunnerIdsAsync(this HubChildProcess hub, string sessionId)
    {
        var snapshot = await hub.SessionAsync(sessionId);
        return snapshot.Runners.ToDictionary(r => r.Name, r => r.RunnerId);
    }

    /// <summary>Where the session stands (<c>GET /api/sessions/{id}</c>).</summary>
    public static async Task<SessionSnapshot> SessionAsync(this HubChildProcess hub, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionSnapshot>(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The session's recorded markers (<c>GET /api/sessions/{id}/markers</c>).</summary>
    public static async Task<SessionMarker[]> MarkersAsync(this HubChildProcess hub, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/sessions/{sessionId}/markers");
        request.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SessionMarker[]>(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Publishes <paramref name="count"/> steady samples for a runner over <c>POST /api/ingest</c>.</summary>
    public static async Task PublishAsync(this HubChildProcess hub, JoinResponse runner, int count)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(runner);
        var start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (count * 250L);
        var batch = new SampleBatch { Samples = [.. SampleBuilder.Steady(runner.LastSeq + 1, start, count, TimeSpan.FromMilliseconds(250))] };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runner.RunnerToken);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
