using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Sessions;

public sealed class SessionsApiTests
{
    [Fact]
    public async Task Join_WithRunnerIdAndRejoinSecret_ComesBackAsSameRunnerWithItsLastSeq()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var first = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(first.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [.. SampleBuilder.Steady(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 7, TimeSpan.FromSeconds(1))] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        using var response = await host.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode.ToLowerInvariant(), RunnerName = "Ana", RunnerId = first.RunnerId, RejoinSecret = first.RejoinSecret }, TestContext.Current.CancellationToken);
        var again = await response.Content.ReadFromJsonAsync<JoinResponse>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(first.RunnerId, again!.RunnerId);
        Assert.Equal(7, again.LastSeq);
        Assert.False(string.IsNullOrEmpty(again.RunnerToken));
    }

    [Fact]
    public async Task Join_StrangerWithCodeAndRunnerIdButNoSecret_CannotTakeOverRunner()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");

        using var noSecret = await host.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana", RunnerId = ana.RunnerId }, TestContext.Current.CancellationToken);
        using var wrongSecret = await host.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Ana", RunnerId = ana.RunnerId, RejoinSecret = "guess" }, TestContext.Current.CancellationToken);
        var stranger = await host.JoinAsync(session.JoinCode, "Ana");

        Assert.Equal(HttpStatusCode.Forbidden, noSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongSecret.StatusCode);
        Assert.NotEqual(ana.RunnerId, stranger.RunnerId);
    }

    [Fact]
    public async Task Join_UnknownOrEndedCode_404ProblemJson()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        using var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/end");
        end.Headers.Authorization = new("Bearer", session.CoachToken);
        using var ended = await host.Http.SendAsync(end, TestContext.Current.CancellationToken);

        using var response = await host.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Late" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateSession_JoinCode_EightCharactersWithoutLookAlikes()
    {
        await using var host = HubTestHost.Start();

        var session = await host.CreateSessionAsync();

        Assert.Equal(8, session.JoinCode.Length);
        Assert.DoesNotContain(session.JoinCode, c => "01OIL".Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListAndGet_WithCoachKeyAndToken_ReturnSessionsRunnersAndRecordedData()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync("Intervals");
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(join.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [.. SampleBuilder.Steady(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 5, TimeSpan.FromSeconds(1))] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var coach = await host.ConnectAsync(session.CoachToken);
        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, Text = "Tall hips" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        using var listKey = await host.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), TestContext.Current.CancellationToken);
        using var get = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        using var samples = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/samples?runnerId={join.RunnerId}", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        using var cues = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/cues", coachKey: true), TestContext.Current.CancellationToken);
        using var alerts = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/alerts", coachKey: true), TestContext.Current.CancellationToken);
        using var anonymous = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}"), TestContext.Current.CancellationToken);

        var list = await listKey.Content.ReadFromJsonAsync<SessionSummary[]>(TestContext.Current.CancellationToken);
        var snapshot = await get.Content.ReadFromJsonAsync<SessionSnapshot>(TestContext.Current.CancellationToken);
        var chunks = await samples.Content.ReadFromJsonAsync<RunnerSamples[]>(TestContext.Current.CancellationToken);
        var cueList = await cues.Content.ReadFromJsonAsync<CueUpdate[]>(TestContext.Current.CancellationToken);
        Assert.Contains(list!, s => s.SessionId == session.SessionId && s.SampleCount == 5 && s.RunnerCount == 1);
        Assert.Equal(5, Assert.Single(snapshot!.Runners).Latest?.Seq);
        Assert.Equal([1L, 2, 3, 4, 5], chunks!.SelectMany(c => c.Samples).Select(s => s.Seq));
        Assert.Equal("Tall hips", Assert.Single(cueList!).Text);
        Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
