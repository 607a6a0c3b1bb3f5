using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Tests.Sessions;

public sealed class CoachTokenApiTests
{
    [Fact]
    public async Task MintCoachToken_WithCoachKey_TokenWatchesThatSession()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/coach-token");
        request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<CreateSessionResponse>(TestContext.Current.CancellationToken);
        var coach = await host.ConnectAsync(body!.CoachToken);
        var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.CoachTokenExpiresAt > DateTimeOffset.UtcNow.AddHours(4).ToUnixTimeMilliseconds());
        Assert.Equal(session.SessionId, snapshot.Session.SessionId);
    }

    [Fact]
    public async Task MintCoachToken_WithoutKeyOrUnknownSession_RefusedWithProblem()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();

        using var noKey = await host.Http.PostAsync($"/api/sessions/{session.SessionId}/coach-token", null, TestContext.Current.CancellationToken);
        using var wrongKey = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/coach-token");
        wrongKey.Headers.Add("X-Coach-Key", "not-the-key");
        using var wrongKeyResponse = await host.Http.SendAsync(wrongKey, TestContext.Current.CancellationToken);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/api/sessions/nope/coach-token");
        unknown.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        using var unknownResponse = await host.Http.SendAsync(unknown, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKeyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownResponse.StatusCode);
        Assert.Equal("application/problem+json", unknownResponse.Content.Headers.ContentType?.MediaType);
    }
}
