using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Review;

namespace MindMuscle.Live.CoachConsole.Tests.Review;

/// <summary><c>sessions</c> against the real hub as a child process.</summary>
public sealed class SessionsCommandTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task WriteLinksAsync_RunningAndEndedSessions_CoachAndJoinUrlsOfTheRunningOnesOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var running = await hub.CreateSessionAsync("Tuesday 6x800", ct).WaitAsync(Step, ct);
        var ended = await hub.CreateSessionAsync("Last week", ct).WaitAsync(Step, ct);
        using (var end = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{ended.SessionId}/end"))
        {
            end.Headers.Add("X-Coach-Key", HubChildProcess.CoachKey);
            using var response = await hub.Http.SendAsync(end, ct).WaitAsync(Step, ct);
            response.EnsureSuccessStatusCode();
        }

        using var http = new HttpClient();
        var client = new CoachRestClient(http, new HubTarget { HubUrl = hub.BaseUrl, CoachKey = HubChildProcess.CoachKey });
        var sessions = await client.ListSessionsAsync(ct).WaitAsync(Step, ct);
        using var output = new StringWriter();

        await SessionsCommand.WriteLinksAsync(client, sessions, output, ct).WaitAsync(Step, ct);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var baseUrl = hub.BaseUrl.ToString().TrimEnd('/');
        Assert.Equal(3, lines.Length);
        Assert.Equal($"Tuesday 6x800 ({running.SessionId})", lines[0]);
        Assert.StartsWith($"  coach: {baseUrl}/sessions/{running.SessionId}/live#token=ey", lines[1], StringComparison.Ordinal);
        Assert.Equal($"  join:  {baseUrl}/join/{running.JoinCode}", lines[2]);
        Assert.DoesNotContain(ended.SessionId, output.ToString(), StringComparison.Ordinal);
    }
}
