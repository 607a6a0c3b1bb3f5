using System.Net;
using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Tests.Sessions;

/// <summary>The coachUrl/joinUrl a new session gets, and its stored HR max.</summary>
public sealed class WebAppUrlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSession_NoPublicBaseUrl_UrlsFromTheRequestsHostWithTheTokenInTheFragment()
    {
        await using var host = HubTestHost.Start();

        var session = await host.CreateSessionAsync();
        using var minted = await PostWithKeyAsync(host, $"/api/sessions/{session.SessionId}/coach-token", null);
        var again = (await minted.Content.ReadFromJsonAsync<CreateSessionResponse>(Ct))!;

        var baseUrl = host.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal($"{baseUrl}/sessions/{session.SessionId}/live#token={Uri.EscapeDataString(session.CoachToken)}", session.CoachUrl);
        Assert.Equal($"{baseUrl}/join/{session.JoinCode}", session.JoinUrl);
        var coachUrl = new Uri(session.CoachUrl!);
        Assert.Equal(session.CoachToken, Uri.UnescapeDataString(coachUrl.Fragment["#token=".Length..]));
        Assert.DoesNotContain(session.CoachToken, coachUrl.GetLeftPart(UriPartial.Query), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal($"{baseUrl}/sessions/{session.SessionId}/live#token={Uri.EscapeDataString(again.CoachToken)}", again.CoachUrl);
        Assert.Equal(session.JoinUrl, again.JoinUrl);
    }

    [Fact]
    public async Task CreateSession_PublicBaseUrlBehindAProxy_UrlsFromIt()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:PublicBaseUrl"] = "https://track.example.org/mml/" });

        var session = await host.CreateSessionAsync();

        Assert.StartsWith($"https://track.example.org/mml/sessions/{session.SessionId}/live#token=", session.CoachUrl, StringComparison.Ordinal);
        Assert.Equal($"https://track.example.org/mml/join/{session.JoinCode}", session.JoinUrl);
    }

    [Fact]
    public async Task CreateSession_HrMax_StoredShownInSummariesAndKeptAcrossARestart()
    {
        var data = Directory.CreateTempSubdirectory("mml-hrmax-").FullName;
        try
        {
            string custom, standard;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                using var created = await PostWithKeyAsync(first, "/api/sessions", new CreateSessionRequest { Name = "Masters", HrMaxBpm = 172 });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                custom = (await created.Content.ReadFromJsonAsync<CreateSessionResponse>(Ct))!.SessionId;
                standard = (await first.CreateSessionAsync()).SessionId;
            }

            await using var second = HubTestHost.Start(dataPath: data);
            using var list = await second.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), Ct);
            var sessions = (await list.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!;
            using var snapshot = await second.Http.SendAsync(HubTestHost.Get($"/api/sessions/{custom}", coachKey: true), Ct);

            Assert.Equal(172, Assert.Single(sessions, s => s.SessionId == custom).HrMaxBpm);
            Assert.Equal(190, Assert.Single(sessions, s => s.SessionId == standard).HrMaxBpm);
            Assert.Equal(172, (await snapshot.Content.ReadFromJsonAsync<SessionSnapshot>(Ct))!.Session.HrMaxBpm);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData(119)]
    [InlineData(231)]
    public async Task CreateSession_HrMaxOutOfRange_400NamingTheRange(int hrMax)
    {
        await using var host = HubTestHost.Start();

        using var response = await PostWithKeyAsync(host, "/api/sessions", new CreateSessionRequest { Name = "Masters", HrMaxBpm = hrMax });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("hrMaxBpm", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("120..230", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HubTestHost host, string path, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        return await host.Http.SendAsync(request, Ct);
    }
}
