using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Telemetry;

public sealed class HubMetricsTests
{
    [Fact]
    public async Task Publish_DuplicatesAndRejects_CountedOnTheHubMeter()
    {
        await using var host = HubTestHost.Start();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HubMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value;
            totals.AddOrUpdate(instrument.Name + (reason is null ? "" : $"/{reason}"), value, (_, v) => v + value);
        });
        var acks = new ConcurrentQueue<double>();
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "mml.hub.ingest.ack_duration")
            {
                acks.Enqueue(value);
            }
        });
        listener.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var batch = new SampleBatch { Samples = [.. SampleBuilder.Steady(1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 5, TimeSpan.FromSeconds(1))] };

        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 0 }] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.Equal(5, totals.GetValueOrDefault("mml.hub.samples.received"));
        Assert.Equal(5, totals.GetValueOrDefault("mml.hub.samples.duplicates"));
        Assert.Equal(1, totals.GetValueOrDefault("mml.hub.samples.rejected/seq"));
        Assert.True(totals.GetValueOrDefault("mml.hub.connections") >= 1);
        Assert.True(totals.GetValueOrDefault("mml.hub.recorder.batch_size") >= 5);
        // One per acknowledged publish (the rejected one is not acknowledged); each waited for a commit.
        Assert.Equal(2, acks.Count);
        Assert.All(acks, ms => Assert.True(ms > 0));
    }
}
