using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary><c>WatchPacked</c> over a real Kestrel with real SignalR clients, on both protocols.</summary>
public sealed class PackedFeedTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WatchPacked_RunnerPublishes_PackedFramesCarryExactlyTheSamplesAndPlainCoachStillGetsSamples(bool messagePack)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var packedCoaches = new[] { await host.ConnectAsync(session.CoachToken, messagePack), await host.ConnectAsync(session.CoachToken, messagePack) };
        var packedInboxes = new[] { new Inbox<byte[]>(), new Inbox<byte[]>() };
        var wrongFrames = 0;
        for (var i = 0; i < packedCoaches.Length; i++)
        {
            packedCoaches[i].On<byte[]>(LiveHubContract.SamplesPacked, packedInboxes[i].Add);
            packedCoaches[i].On<SamplesFrame>(LiveHubContract.Samples, _ => Interlocked.Increment(ref wrongFrames));
        }

        var plain = await host.ConnectAsync(session.CoachToken, messagePack);
        var plainFrames = new Inbox<SamplesFrame>();
        plain.On<SamplesFrame>(LiveHubContract.Samples, plainFrames.Add);
        plain.On<byte[]>(LiveHubContract.SamplesPacked, _ => Interlocked.Increment(ref wrongFrames));
        var snapshots = new List<SessionSnapshot>();
        foreach (var coach in packedCoaches)
        {
            snapshots.Add(await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.WatchPacked, session.SessionId, ct).WaitAsync(HubTestHost.Timeout, ct));
        }

        await plain.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(HubTestHost.Timeout, ct);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack);
        var start = Now;
        var published = new List<MetricSample>();
        for (var batch = 0; batch < 5; batch++)
        {
            var samples = SampleBuilder.Steady(1 + (batch * 4), start + (batch * 1000), 4, TimeSpan.FromMilliseconds(250), heartRateBpm: 140 + batch)
                .Select(s => s with { PowerW = 300 + (int)s.Seq, GroundContactMs = 230.5, GctBalanceLeftPct = 49.25, SensorContact = true, BatteryPct = 77 })
                .ToArray();
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, ct).WaitAsync(HubTestHost.Timeout, ct);
            published.AddRange(samples);
        }

        var received = new List<List<MetricSample>>();
        foreach (var inbox in packedInboxes)
        {
            received.Add(await ReadUntilAsync(inbox, published.Count, session.SessionId, join.RunnerId));
        }

        var plainReceived = new List<MetricSample>();
        while (plainReceived.Count < published.Count)
        {
            plainReceived.AddRange((await plainFrames.NextAsync()).Runners.SelectMany(r => r.Samples));
        }

        Assert.All(snapshots, s => Assert.Equal(session.SessionId, s.Session.SessionId));
        Assert.All(received, samples => Assert.Equal(published, samples));
        Assert.Equal(published, plainReceived);
        Assert.Equal(0, Volatile.Read(ref wrongFrames));
    }

    [Fact]
    public void Bytes_SharedFrame_EncodedOnceAndSentAsTheSameArray()
    {
        var metrics = new HubMetrics(new TestMeterFactory());
        var frame = SharedFrame.Create("s", "a", [new MetricSample { Seq = 1, ObservedAt = 1000, CadenceSpm = 180 }]);

        var first = PackedFrames.Bytes(frame, metrics, TimeProvider.System);
        var second = PackedFrames.Bytes(frame, metrics, TimeProvider.System);

        Assert.Same(first, second);
        Assert.Equal(180, PackedSamples.Read(first).Runners[0].Samples[0].CadenceSpm);
    }

    [Fact]
    public void Bytes_FrameOfOneCoach_EncodedEachTime()
    {
        var metrics = new HubMetrics(new TestMeterFactory());
        var frame = new SamplesFrame { SessionId = "s", Runners = [new RunnerSamples { RunnerId = "a", Samples = [new MetricSample { Seq = 1 }] }], Dropped = 3 };

        var first = PackedFrames.Bytes(frame, metrics, TimeProvider.System);
        var second = PackedFrames.Bytes(frame, metrics, TimeProvider.System);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(3, PackedSamples.Read(first).Dropped);
    }

    private static async Task<List<MetricSample>> ReadUntilAsync(Inbox<byte[]> inbox, int count, string sessionId, string runnerId)
    {
        var samples = new List<MetricSample>();
        while (samples.Count < count)
        {
            var frame = PackedSamples.Read(await inbox.NextAsync());
            Assert.Equal(sessionId, frame.SessionId);
            Assert.Equal(0, frame.Dropped);
            Assert.All(frame.Runners, r => Assert.Equal(runnerId, r.RunnerId));
            samples.AddRange(frame.Runners.SelectMany(r => r.Samples));
        }

        return samples;
    }
}
