using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Uplink;
using NSubstitute;

namespace MindMuscle.Live.Relay.Tests.Uplink;

public sealed class RunnerCredentialsTests : IDisposable
{
    private static readonly Uri Hub = new("http://127.0.0.1:5080");
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero));
    private readonly IJoinClient _join = Substitute.For<IJoinClient>();
    private readonly ClockOffsetEstimator _clock = new();
    private readonly SqliteOutbox _outbox;

    public RunnerCredentialsTests()
    {
        _outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance);
        _join.JoinAsync(Hub, Arg.Any<JoinRequest>(), Arg.Any<CancellationToken>()).Returns(call => new JoinResult(
            new JoinResponse
            {
                SessionId = "s1", RunnerId = "r1", RejoinSecret = "secret", RunnerToken = "token-" + call.Arg<JoinRequest>().RunnerId,
                RunnerTokenExpiresAt = _time.GetUtcNow().AddHours(12).ToUnixTimeMilliseconds(), LastSeq = 3,
            },
            null));
    }

    [Fact]
    public async Task GetTokenAsync_FirstStart_JoinsWithCodeAndNameAndStoresIdentity()
    {
        _outbox.EnsureRunner(0, "Ana");
        using var sut = CreateSut();

        var token = await sut.GetTokenAsync(Ct);

        Assert.Equal("token-", token);
        await _join.Received(1).JoinAsync(Hub, Arg.Is<JoinRequest>(r => r.JoinCode == "CODE" && r.RunnerName == "Ana" && r.RunnerId == null), Arg.Any<CancellationToken>());
        var stored = _outbox.GetIdentity(0);
        Assert.Equal(("r1", "secret", "CODE"), (stored!.RunnerId, stored.RejoinSecret, stored.JoinCode));
    }

    [Fact]
    public async Task GetTokenAsync_StoredTokenNearExpiry_RejoinsWithRunnerIdAndSecret()
    {
        var identity = _outbox.EnsureRunner(0, "Ana");
        _outbox.SaveIdentity(identity with
        {
            RunnerId = "r1", RejoinSecret = "secret", Token = "old", TokenExpiresAt = _time.GetUtcNow().AddMinutes(5).ToUnixTimeMilliseconds(),
        });
        using var sut = CreateSut();

        var token = await sut.GetTokenAsync(Ct);

        Assert.Equal("token-r1", token);
        await _join.Received(1).JoinAsync(Hub, Arg.Is<JoinRequest>(r => r.RunnerId == "r1" && r.RejoinSecret == "secret"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetTokenAsync_StoredTokenValid_NoJoinUntilInvalidated()
    {
        var identity = _outbox.EnsureRunner(0, "Ana");
        _outbox.SaveIdentity(identity with
        {
            RunnerId = "r1", RejoinSecret = "secret", Token = "old", TokenExpiresAt = _time.GetUtcNow().AddHours(3).ToUnixTimeMilliseconds(),
        });
        using var sut = CreateSut();

        var before = await sut.GetTokenAsync(Ct);
        sut.Invalidate();
        var after = await sut.GetTokenAsync(Ct);

        Assert.Equal(("old", "token-r1"), (before, after));
        await _join.Received(1).JoinAsync(Hub, Arg.Any<JoinRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetTokenAsync_HubHoldsMoreThanOurAck_TrimsOutboxToHubLastSeq()
    {
        _outbox.EnsureRunner(0, "Ana");
        _outbox.Append(Enumerable.Range(0, 5).Select(_ => new SourceReading(0, new MetricSample { ObservedAt = 1 })).ToList());
        using var sut = CreateSut();

        await sut.GetTokenAsync(Ct);

        Assert.Equal(new OutboxStats(0, 2, 5, 3, 0), _outbox.GetStats(0));
    }

    [Fact]
    public async Task GetTokenAsync_HubDateOfTheSameClock_SeedsNoOffset()
    {
        _outbox.EnsureRunner(0, "Ana");
        _time.Advance(TimeSpan.FromMilliseconds(700));
        var answer = await _join.JoinAsync(Hub, new JoinRequest { JoinCode = "CODE", RunnerName = "Ana" }, Ct);
        _join.ClearReceivedCalls();
        // The hub's clock is the relay's: its Date header, whole seconds, says 18:00:00 at 18:00:00.700.
        _join.JoinAsync(Hub, Arg.Any<JoinRequest>(), Arg.Any<CancellationToken>())
            .Returns(answer with { HubDate = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero) });
        using var sut = CreateSut();

        await sut.GetTokenAsync(Ct);

        // Not -700: a seed the header cannot justify would shift the first samples against the later ones.
        Assert.True(_clock.HasEstimate);
        Assert.Equal(0, _clock.OffsetMs);
    }

    [Fact]
    public async Task GetTokenAsync_HubRefusesJoin_TypedErrorAndNothingStored()
    {
        _outbox.EnsureRunner(0, "Ana");
        _join.JoinAsync(Hub, Arg.Any<JoinRequest>(), Arg.Any<CancellationToken>())
            .Returns<JoinResult>(_ => throw new JoinRejectedException(HttpStatusCode.NotFound, "unknown code", rejoin: false));
        using var sut = CreateSut();

        await Assert.ThrowsAsync<JoinRejectedException>(() => sut.GetTokenAsync(Ct));

        Assert.Null(_outbox.GetIdentity(0)!.RunnerId);
    }

    public void Dispose()
    {
        _outbox.Dispose();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RunnerCredentials CreateSut() =>
        new(0, _outbox, _join, new UplinkOptions { HubUrl = Hub, JoinCode = "CODE" }, _clock, _time, NullLogger.Instance);
}
