using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Servers;

public sealed class RedisServerFixtureTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InitializeAsync_FreeLoopbackPort_AnswersPing()
    {
        var ct = TestContext.Current.CancellationToken;

        var pong = await redis.PingAsync(ct).WaitAsync(StepTimeout, ct);

        Assert.True(pong);
        Assert.InRange(redis.Port, 1, 65535);
        Assert.Equal($"127.0.0.1:{redis.Port}", redis.ConnectionString);
    }

    [Fact]
    public async Task SendCommandAsync_SetThenGet_ReturnsStoredValue()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "mml:" + Guid.NewGuid().ToString("N");

        var set = await redis.SendCommandAsync(ct, "SET", key, "cadence").WaitAsync(StepTimeout, ct);
        var get = await redis.SendCommandAsync(ct, "GET", key).WaitAsync(StepTimeout, ct);

        Assert.Equal("+OK", set);
        Assert.Equal("$7", get); // bulk string header: 7 bytes ("cadence") follow
    }

    [Fact]
    public async Task StopAsync_ThenStartAsync_ServesAgainOnTheSamePortWithoutOldData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = new RedisServerFixture();
        await sut.StartAsync(ct).WaitAsync(StepTimeout, ct);
        var port = sut.Port;
        await sut.SendCommandAsync(ct, "SET", "survives", "no").WaitAsync(StepTimeout, ct);

        await sut.StopAsync(ct).WaitAsync(StepTimeout, ct);
        var listeningWhileStopped = await FreePort.IsListeningAsync(port, ct).WaitAsync(StepTimeout, ct);
        var pingWhileStopped = await sut.PingAsync(ct).WaitAsync(StepTimeout, ct);
        await sut.StartAsync(ct).WaitAsync(StepTimeout, ct);

        Assert.False(listeningWhileStopped);
        Assert.False(pingWhileStopped);
        Assert.Equal(port, sut.Port);
        Assert.True(await sut.PingAsync(ct).WaitAsync(StepTimeout, ct));
        // No persistence: a restarted backplane comes back empty ("$-1" is RESP's null bulk string).
        Assert.Equal("$-1", await sut.SendCommandAsync(ct, "GET", "survives").WaitAsync(StepTimeout, ct));
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_KillsItAndClosesThePort()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new RedisServerFixture();
        await sut.StartAsync(ct).WaitAsync(StepTimeout, ct);
        var port = sut.Port;

        await sut.DisposeAsync();

        Assert.False(sut.IsRunning);
        Assert.False(await FreePort.IsListeningAsync(port, ct).WaitAsync(StepTimeout, ct));
    }

    [Fact]
    public void SkipReason_BinaryMissing_NamesTheAptPackage()
    {
        var sut = new RedisServerFixture { Binary = "/nonexistent/redis-server" };

        var reason = sut.SkipReason;

        // Members that need the server call Assert.Skip with this reason (xunit v3 reports the test as skipped).
        Assert.NotNull(reason);
        Assert.Contains("apt-get install -y redis-server", reason, StringComparison.Ordinal);
    }
}
