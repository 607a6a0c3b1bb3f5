using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>Runner calling coach methods, coach publishing, a coach of B reaching into A: HubException / 403.</summary>
internal static class WrongRoleAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, CreateSessionResponse session, CreateSessionResponse other, string runnerToken, CancellationToken ct)
    {
        await using var runner = hub.CreateConnection(runnerToken);
        await runner.StartAsync(ct).WaitAsync(Step, ct);
        await using var coachB = hub.CreateConnection(other.CoachToken);
        await coachB.StartAsync(ct).WaitAsync(Step, ct);

        var watch = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", watch.Message, StringComparison.Ordinal);
        var cue = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { Text = "stop" }, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", cue.Message, StringComparison.Ordinal);
        var publish = await Assert.ThrowsAsync<HubException>(() => coachB.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [Sample(1)] }, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", publish.Message, StringComparison.Ordinal);
        var cross = await Assert.ThrowsAsync<HubException>(() => coachB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct));
        Assert.Contains("another session", cross.Message, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        foreach (var path in new[] { $"/api/sessions/{session.SessionId}/samples", $"/api/sessions/{session.SessionId}/export.csv" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other.CoachToken);
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // Still connected: a refused call is an error on that call, not a reason to drop a legitimate connection.
        Assert.Equal(HubConnectionState.Connected, runner.State);
        return "4 hub calls refused (runner Watch/SendCue, coach Publish, coach of B watching A), 2 cross-session REST reads 403";
    }
}
