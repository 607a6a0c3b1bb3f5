using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.FanOut;

/// <summary>A session's coaches over a real Kestrel with real SignalR clients: the frames they share are written from the bytes kept with them.</summary>
public sealed class SharedFrameFeedTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watch_TwoCoachesOneProtocol_BothGetEverySampleAndTheSecondWriteOfAFrameUsesTheFirstsBytes(bool messagePack)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.fanout.frames_shared");
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var inboxes = new[] { new Inbox<SamplesFrame>(), new Inbox<SamplesFrame>() };
        foreach (var inbox in inboxes)
        {
            var coach = await host.ConnectAsync(session.CoachToken, messagePack);
            coach.On<SamplesFrame>(LiveHubContract.Samples, inbox.Add);
            await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(HubTestHost.Timeout, ct);
        }

        var runner = await host.ConnectAsync(join.RunnerToken, messagePack);
        var start = Now;
        var published = new List<MetricSample>();
        for (var batch = 0; batch < 5; batch++)
        {
            var samples = SampleBuilder.Steady(1 + (batch * 4), start + (batch * 1000), 4, TimeSpan.FromMilliseconds(250), heartRateBpm: 140 + batch)
                .Select(s => s with { PowerW = 300 + (int)s.Seq, RrIntervalsMs = [410.5, 409], SensorContact = true })
                .ToArray();
            await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, ct).WaitAsync(HubTestHost.Timeout, ct);
            published.AddRange(samples);
        }

        var received = new List<List<MetricSample>>();
        foreach (var inbox in inboxes)
        {
            var samples = new List<MetricSample>();
            while (samples.Count < published.Count)
            {
                var frame = await inbox.NextAsync();
                Assert.Equal(session.SessionId, frame.SessionId);
                samples.AddRange(frame.Runners.SelectMany(r => r.Samples));
            }

            received.Add(samples);
        }

        Assert.All(received, samples => Assert.Equal(published.Select(Normalised), samples.Select(Normalised)));
        Assert.True(meters.Total("mml.hub.fanout.frames_shared") >= 1, "no frame was written from the bytes another coach's send made");
    }

    /// <summary>The sample with its intervals as a value (a record compares arrays by reference).</summary>
    private static (MetricSample Sample, string Rr) Normalised(MetricSample sample) =>
        (sample with { RrIntervalsMs = null }, string.Join(",", sample.RrIntervalsMs ?? []));
}
