using System.Net;
using System.Text.Json;
using MindMuscle.Live.Hub.Tests.ScaleOut;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>Share links over two real hubs sharing a real PostgreSQL and a real redis-server (skipped when either is missing).</summary>
public sealed class ScaleOutShareTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Revoke_OnNodeA_TheTokenIsRefusedOnNodeBAtOnce()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var share = await SharesApiTests.CreateAsync(hubs.A, session, new { });
        var token = SharesApiTests.TokenOf(share);
        using var beforeOnB = await SharesApiTests.SendAsync(hubs.B, HttpMethod.Get, $"/api/sessions/{session.SessionId}/alerts", token);

        using var revoked = await SharesApiTests.SendAsync(hubs.A, HttpMethod.Delete, $"/api/sessions/{session.SessionId}/shares/{share.ShareId}", session.CoachToken);
        using var afterOnB = await SharesApiTests.SendAsync(hubs.B, HttpMethod.Get, $"/api/sessions/{session.SessionId}/alerts", token);
        using var afterOnA = await SharesApiTests.SendAsync(hubs.A, HttpMethod.Get, $"/api/sessions/{session.SessionId}/alerts", token);

        Assert.Equal(HttpStatusCode.OK, beforeOnB.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOnB.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOnA.StatusCode);
        var detail = JsonDocument.Parse(await afterOnB.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString();
        Assert.Contains("This share link was revoked", detail, StringComparison.Ordinal);
    }
}
