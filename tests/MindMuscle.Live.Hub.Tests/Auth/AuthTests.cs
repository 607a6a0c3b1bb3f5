using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;

namespace MindMuscle.Live.Hub.Tests.Auth;

public sealed class AuthTests
{
    [Fact]
    public async Task Connect_WithoutToken_Refused()
    {
        await using var host = HubTestHost.Start();
        var connection = host.CreateConnection(token: null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Connect_TamperedToken_Refused()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var parts = session.CoachToken.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlDecode(parts[1]))!;
        var forged = payload.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        forged["sid"] = "someone-elses-session";
        var tampered = $"{parts[0]}.{Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(forged))}.{parts[2]}";
        var connection = host.CreateConnection(tampered);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Connect_ExpiredToken_Refused()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var keys = host.Services.GetRequiredService<HubKeys>();
        var options = host.Services.GetRequiredService<IOptions<HubOptions>>();
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(13));
        var (expired, expiresAt) = new TokenIssuer(keys, options, past).IssueCoach(session.SessionId);
        var connection = host.CreateConnection(expired);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.True(expiresAt < DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Tokens_SharedSigningKeyConfigured_AcceptedByASecondHubOnAnotherDataFolder()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var settings = new Dictionary<string, string?> { ["Hub:JwtSigningKey"] = key };
        await using var first = HubTestHost.Start(settings);
        await using var second = HubTestHost.Start(settings);
        var session = await first.CreateSessionAsync();

        using var response = await second.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}", bearer: session.CoachToken), TestContext.Current.CancellationToken);

        // Authenticated on the second node (403/404 would need the session there; 401 would mean the key differs).
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_ExpireAfterTwelveHours_LongerThanAFourHourSession()
    {
        await using var host = HubTestHost.Start();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);

        Assert.InRange(session.CoachTokenExpiresAt - before, TimeSpan.FromHours(11.9).TotalMilliseconds, TimeSpan.FromHours(12.1).TotalMilliseconds);
        Assert.InRange(join.RunnerTokenExpiresAt - before, TimeSpan.FromHours(11.9).TotalMilliseconds, TimeSpan.FromHours(12.1).TotalMilliseconds);
    }

    [Fact]
    public async Task Watch_WithRunnerToken_Forbidden()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);

        var watch = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));
        var cue = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { Text = "x" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("coach token", watch.Message, StringComparison.Ordinal);
        Assert.Contains("coach token", cue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_WithCoachToken_Forbidden()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var coach = await host.ConnectAsync(session.CoachToken);

        var error = await Assert.ThrowsAsync<HubException>(() => coach.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch(), TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Contains("runner token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_CoachOfSessionAWatchingB_Forbidden()
    {
        await using var host = HubTestHost.Start();
        var a = await host.CreateSessionAsync("A");
        var b = await host.CreateSessionAsync("B");
        var coachA = await host.ConnectAsync(a.CoachToken);

        var error = await Assert.ThrowsAsync<HubException>(() => coachA.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, b.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));
        using var rest = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{b.SessionId}/export.csv", bearer: a.CoachToken), TestContext.Current.CancellationToken);

        Assert.Contains("another session", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, rest.StatusCode);
    }

    [Fact]
    public async Task CreateSession_WrongCoachKey_Unauthorized()
    {
        await using var host = HubTestHost.Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = "x" }) };
        request.Headers.Add("X-Coach-Key", "guess");

        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Join_BruteForcingCodes_Gets429ProblemJson()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:JoinPermitLimit"] = "5" });
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 8; i++)
        {
            using var response = await host.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = $"GUESS{i:000}", RunnerName = "Mallory" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private static byte[] Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

}
