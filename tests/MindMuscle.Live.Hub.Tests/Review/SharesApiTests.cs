using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>Share links through the real hub (Kestrel on 127.0.0.1, real SQLite file, real SignalR client).</summary>
public sealed class SharesApiTests
{
    private const string Refused = "mml.hub.shares.refused";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_DefaultWeek_201WithReviewUrlListedAndTheTokenReadsTheSession()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, _, _) = await SeriesApiTests.RecordAsync(host);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var created = await SendAsync(host, HttpMethod.Post, $"/api/sessions/{session.SessionId}/shares", session.CoachToken, new { });
        var share = (await created.Content.ReadFromJsonAsync<ShareCreated>(Ct))!;
        var token = TokenOf(share);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith($"{host.BaseAddress.ToString().TrimEnd('/')}/sessions/{session.SessionId}/review#share=", share.Url, StringComparison.Ordinal);
        Assert.InRange(share.ExpiresAt, before + (168 * 3_600_000L) - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (168 * 3_600_000L));
        using var listed = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/shares", session.CoachToken);
        var infos = (await listed.Content.ReadFromJsonAsync<ShareInfo[]>(Ct))!;
        Assert.Equal(share.ShareId, Assert.Single(infos).ShareId);
        Assert.Null(infos[0].RevokedAt);
        foreach (var path in new[]
        {
            "", "/samples", "/alerts", "/cues", "/markers", "/export.csv", $"/series?runnerId={ana}&metric=cadenceSpm",
            $"/samples?runnerId={ana}", $"/runners/{ana}/export.tcx",
        })
        {
            using var read = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}{path}", token);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path} with a share token: {read.StatusCode}");
        }
    }

    [Fact]
    public async Task ShareToken_EverythingButReadingItsSession_RefusedAndCounted()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == Refused, "reason");
        var (session, ana, _, _) = await SeriesApiTests.RecordAsync(host);
        var other = await host.CreateSessionAsync("Thursday");
        var token = TokenOf(await CreateAsync(host, session, new { }));
        var id = session.SessionId;
        (HttpMethod Method, string Path, object? Body, HttpStatusCode Expected)[] refused =
        [
            (HttpMethod.Get, "/api/sessions", null, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, $"/api/sessions/{other.SessionId}", null, HttpStatusCode.Forbidden),
            (HttpMethod.Get, $"/api/sessions/{other.SessionId}/samples", null, HttpStatusCode.Forbidden),
            (HttpMethod.Post, $"/api/sessions/{id}/markers", new { kind = "note", text = "hi" }, HttpStatusCode.Forbidden),
            (HttpMethod.Post, $"/api/sessions/{id}/end", null, HttpStatusCode.Forbidden),
            (HttpMethod.Post, $"/api/sessions/{id}/coach-token", null, HttpStatusCode.Unauthorized),
            (HttpMethod.Post, $"/api/sessions/{id}/shares", new { }, HttpStatusCode.Forbidden),
            (HttpMethod.Get, $"/api/sessions/{id}/shares", null, HttpStatusCode.Forbidden),
            (HttpMethod.Post, "/api/ingest", new SampleBatchBody(), HttpStatusCode.Forbidden),
            (HttpMethod.Post, "/api/sessions", new { name = "mine" }, HttpStatusCode.Unauthorized),
        ];

        foreach (var (method, path, body, expected) in refused)
        {
            using var response = await SendAsync(host, method, path, token, body);
            Assert.True(response.StatusCode == expected, $"{method} {path}: {response.StatusCode}, expected {expected}");
        }

        // No live connection at all: no Publish, no SendCue, no AddMarker, no Watch.
        var live = host.CreateConnection(token);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => live.StartAsync(Ct).WaitAsync(HubTestHost.Timeout, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        await Polling.WaitUntilAsync(() => meters.Total($"{Refused}/forbidden") + meters.Total($"{Refused}/live") >= refused.Length + 1, HubTestHost.Timeout, Ct);
        Assert.Equal(refused.Length, meters.Total($"{Refused}/forbidden"));
        Assert.True(meters.Total($"{Refused}/live") >= 1);
        // Still reads its own session afterwards.
        using var still = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}/series?runnerId={ana}&metric=heartRateBpm", token);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task ScopedShare_OnlyItsRunner_OthersAndWholeSessionReadsRefused()
    {
        await using var host = HubTestHost.Start();
        var (session, ana, ben, _) = await SeriesApiTests.RecordAsync(host);
        var token = TokenOf(await CreateAsync(host, session, new { runnerId = ana, expiresInHours = 2 }));
        var id = session.SessionId;

        foreach (var path in new[] { $"/series?runnerId={ana}&metric=cadenceSpm", $"/samples?runnerId={ana}", $"/runners/{ana}/export.tcx" })
        {
            using var read = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}{path}", token);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"GET {path}: {read.StatusCode}");
        }

        foreach (var path in new[]
        {
            $"/series?runnerId={ben}&metric=cadenceSpm", $"/series?runnerId={ana}&runnerId={ben}&metric=cadenceSpm", "/samples",
            $"/samples?runnerId={ben}", $"/runners/{ben}/export.tcx", "/export.csv", "/alerts",
        })
        {
            using var read = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{id}{path}", token);
            Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"GET {path}: {read.StatusCode}");
            Assert.Contains($"runner '{ana}' only", await DetailAsync(read), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"expiresInHours\":0}", "expiresInHours is 0")]
    [InlineData("{\"expiresInHours\":721}", "expiresInHours is 721")]
    [InlineData("{\"runnerId\":\"r-nobody\"}", "runnerId 'r-nobody' is not a runner")]
    public async Task Create_BadRequest_400NamingTheMistake(string body, string expected)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/shares")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", session.CoachToken);
        using var response = await host.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShareToken_AfterItsHoursOnAFakeClock_401SayingItExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<TimeProvider>(clock));
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == Refused, "reason");
        var session = await host.CreateSessionAsync();
        var token = TokenOf(await CreateAsync(host, session, new { expiresInHours = 1 }));
        using var fresh = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/alerts", token);

        clock.Advance(TimeSpan.FromMinutes(61));
        using var late = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/alerts", token);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, late.StatusCode);
        Assert.Contains("This share link expired at", await DetailAsync(late), StringComparison.Ordinal);
        Assert.Equal(1, meters.Total($"{Refused}/expired"));
    }

    [Fact]
    public async Task Revoke_ThenRead_401SayingItWasRevokedAndListedAsRevoked()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var share = await CreateAsync(host, session, new { });
        var token = TokenOf(share);
        using var before = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/cues", token);

        using var revoked = await SendAsync(host, HttpMethod.Delete, $"/api/sessions/{session.SessionId}/shares/{share.ShareId}", session.CoachToken);
        using var after = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/cues", token);
        using var again = await SendAsync(host, HttpMethod.Delete, $"/api/sessions/{session.SessionId}/shares/{share.ShareId}", session.CoachToken);
        using var unknown = await SendAsync(host, HttpMethod.Delete, $"/api/sessions/{session.SessionId}/shares/sh-nope", session.CoachToken);
        using var listed = await SendAsync(host, HttpMethod.Get, $"/api/sessions/{session.SessionId}/shares", session.CoachToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("This share link was revoked", await DetailAsync(after), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotNull(Assert.Single((await listed.Content.ReadFromJsonAsync<ShareInfo[]>(Ct))!).RevokedAt);
    }

    internal static async Task<ShareCreated> CreateAsync(HubTestHost host, CreateSessionResponse session, object body)
    {
        using var created = await SendAsync(host, HttpMethod.Post, $"/api/sessions/{session.SessionId}/shares", session.CoachToken, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<ShareCreated>(Ct))!;
    }

    internal static string TokenOf(ShareCreated share) =>
        Uri.UnescapeDataString(share.Url[(share.Url.IndexOf("#share=", StringComparison.Ordinal) + "#share=".Length)..]);

    internal static async Task<HttpResponseMessage> SendAsync(HubTestHost host, HttpMethod method, string path, string bearer, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", bearer);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await host.Http.SendAsync(request, Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString() ?? "";

    private sealed record SampleBatchBody
    {
        public object[] Samples { get; init; } = [];
    }
}
