using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.RunnerKit.Uplink;

namespace MindMuscle.Live.RunnerKit.Tests.Uplink;

public sealed class OutboxPumpTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));
    private readonly FakeOutbox _outbox = new();
    private readonly FakeChannel _channel = new();
    private readonly ClockOffsetEstimator _clock = new();

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public async Task SendAsync_PendingSamples_SentInSeqOrderTrimmedOnAckThenReturnsWhenDisconnected()
    {
        _outbox.Append(Now, Now, Now, Now, Now);
        _channel.AutoAck = b => FakeChannel.AckAll(b);
        var acks = new List<long>();
        var sut = CreateSut(batchSize: 2);
        sut.Acknowledged += (_, ack) => acks.Add(ack.UpTo);

        await sut.SendAsync(TestContext.Current.CancellationToken).WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Equal([[1, 2], [3, 4], [5]], _channel.Sent.Select(b => b.Samples.Select(s => s.Seq).ToArray()).ToArray());
        Assert.Equal([2, 4, 5], acks);
        Assert.Equal(0, _outbox.Count);
        Assert.Equal(5, _outbox.AckedSeq);
    }

    [Fact]
    public async Task SendAsync_SlowAcks_NeverMoreInFlightThanTheWindow()
    {
        _outbox.Append(Now, Now, Now, Now, Now);
        var sut = CreateSut(batchSize: 1, maxInFlight: 2);
        var round = sut.SendAsync(TestContext.Current.CancellationToken);

        var first = await _channel.NextAsync();
        var second = await _channel.NextAsync();
        var thirdBeforeAck = _channel.TryNext(out _);
        first.Ack(1);
        var third = await _channel.NextAsync();
        second.Ack(2);
        third.Ack(3);
        (await _channel.NextAsync()).Ack(4);
        (await _channel.NextAsync()).Ack(5);
        await round.WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.False(thirdBeforeAck);
        Assert.Equal(3, third.First);
        Assert.Equal(2, _channel.MaxInFlight);
        Assert.Equal(5, _outbox.AckedSeq);
    }

    [Fact]
    public async Task SendAsync_AckStopsShortOfTheBatch_DrainsAndResendsFromTheAck()
    {
        _outbox.Append(Now, Now, Now, Now);
        var sut = CreateSut(batchSize: 2, maxInFlight: 2);
        var round = sut.SendAsync(TestContext.Current.CancellationToken);

        var first = await _channel.NextAsync();
        var second = await _channel.NextAsync();
        first.Ack(1);
        second.Ack(1);
        var resend = await _channel.NextAsync();
        resend.Ack(3);
        var rest = await _channel.NextAsync();
        rest.Ack(4);
        await round.WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Equal((2L, 3L), (resend.First, resend.Last));
        Assert.Equal(4, rest.First);
        Assert.Equal(4, _outbox.AckedSeq);
    }

    [Fact]
    public async Task SendAsync_PublishFails_RethrowsAfterTheWindowDrainedAndKeepsTheUnacked()
    {
        _outbox.Append(Now, Now, Now);
        var sut = CreateSut(batchSize: 1, maxInFlight: 3);
        var round = sut.SendAsync(TestContext.Current.CancellationToken);

        var first = await _channel.NextAsync();
        var second = await _channel.NextAsync();
        var third = await _channel.NextAsync();
        first.Fail(new IOException("link lost"));
        second.Ack(0);
        third.Ack(0);

        var ex = await Assert.ThrowsAsync<IOException>(() => round.WaitAsync(Step, TestContext.Current.CancellationToken));
        Assert.Equal("link lost", ex.Message);
        Assert.Equal(3, _outbox.Count);
        Assert.Equal(0, _outbox.AckedSeq);
    }

    [Fact]
    public async Task SendAsync_OldSamples_MarkedBackfilledAndPutOnTheHubClock()
    {
        _clock.Seed(1_000);
        _outbox.Append(Now - 60_000, Now - 100);
        _channel.AutoAck = b => FakeChannel.AckAll(b);
        var sut = CreateSut(backfill: TimeSpan.FromSeconds(5));

        await sut.SendAsync(TestContext.Current.CancellationToken).WaitAsync(Step, TestContext.Current.CancellationToken);

        var sent = _channel.Sent.Single().Samples;
        Assert.True(sent[0].Backfilled);
        Assert.False(sent[1].Backfilled);
        Assert.Equal(Now - 60_000 + 1_000, sent[0].ObservedAt);
        Assert.Equal(Now - 100 + 1_000, sent[1].ObservedAt);
    }

    [Fact]
    public async Task SendAsync_AckCarriesHubTime_ClockOffsetFollowsTheRoundTrip()
    {
        _outbox.Append(Now);
        var sut = CreateSut();
        var round = sut.SendAsync(TestContext.Current.CancellationToken);

        var publish = await _channel.NextAsync();
        _time.Advance(TimeSpan.FromMilliseconds(40));
        publish.Ack(1, hubTime: Now - 20 + 30_000);
        await round.WaitAsync(Step, TestContext.Current.CancellationToken);

        Assert.Equal(30_000, _clock.OffsetMs);
        Assert.Equal(40, _clock.LastRttMs);
    }

    [Fact]
    public async Task SendAsync_Connected_WaitsForNewSamplesAndSendsThem()
    {
        _channel.IsConnected = true;
        _channel.AutoAck = b => FakeChannel.AckAll(b);
        using var stop = new CancellationTokenSource();
        var sut = CreateSut();
        var acked = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Acknowledged += (_, ack) => acked.TrySetResult(ack.UpTo);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, TestContext.Current.CancellationToken);
        var round = sut.SendAsync(linked.Token);

        _outbox.Append(Now);
        var upTo = await acked.Task.WaitAsync(Step, TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        Assert.Equal(1, upTo);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round.WaitAsync(Step, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Constructor_BadOptions_RefusedNamingTheSetting()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => CreateSut(maxInFlight: 0));

        Assert.Contains("MaxInFlight", ex.Message, StringComparison.Ordinal);
    }

    private OutboxPump CreateSut(int batchSize = 200, int maxInFlight = 4, TimeSpan? backfill = null) =>
        new(_outbox, _channel, _clock,
            new PumpOptions { BatchSize = batchSize, MaxInFlight = maxInFlight, BackfillThreshold = backfill ?? TimeSpan.FromSeconds(5) },
            _time);
}
