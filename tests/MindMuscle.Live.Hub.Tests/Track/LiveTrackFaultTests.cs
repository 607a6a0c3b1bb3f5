using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.Track;

/// <summary>A runner's live track that fails on its samples fails none of its publishes, through the real hub.</summary>
public sealed class LiveTrackFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_TrackAnalysisFailsOnTwoSamples_EveryPublishAckedAndRecordedCountedOnceAndTheNextRepFound()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.track.faults");
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken);
        var (reps, laps, frames) = (new Inbox<RepCompleted>(), new Inbox<LapCompleted>(), new Inbox<SamplesFrame>());
        coach.On<RepCompleted>(LiveHubContract.RepCompleted, reps.Add);
        coach.On<LapCompleted>(LiveHubContract.LapCompleted, laps.Add);
        coach.On<SamplesFrame>(LiveHubContract.Samples, frames.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var live = host.Services.GetRequiredService<SessionRegistry>().Find(session.SessionId)!;
        // Between the two reps; the second failure hits the fresh analysis's first sample, in the same publish.
        live.Track.Start(ana.RunnerId)!.AnalysisProbe = s =>
        {
            if (s.Seq is 151 or 152)
            {
                throw new InvalidOperationException("injected track fault");
            }
        };
        var runner = await host.ConnectAsync(ana.RunnerToken);
        var samples = TrackApiTests.TwoReps(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000);

        var acks = new List<PublishAck>();
        foreach (var chunk in samples.Chunk(100))
        {
            acks.Add(await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = chunk }, Ct).WaitAsync(HubTestHost.Timeout, Ct));
        }

        var repEvents = new List<RepCompleted> { await reps.NextAsync(), await reps.NextAsync(), await reps.NextAsync() };
        var lapEvents = new List<LapCompleted> { await laps.NextAsync(), await laps.NextAsync() };
        // A publish after the failing one still reaches the coach's live samples.
        var framed = await frames.FirstAsync(f => f.Runners.Any(r => r.Samples.Any(s => s.Seq > 200)));
        using var recorded = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps", bearer: session.CoachToken), Ct);
        var recordedReps = Assert.Single((await recorded.Content.ReadFromJsonAsync<RunnerReps[]>(Ct))!).Reps;

        Assert.Equal(samples.Chunk(100).Select(c => c[^1].Seq), acks.Select(a => a.UpTo));
        Assert.All(acks, a => Assert.Equal(0, a.Duplicates));
        Assert.Equal(samples.Length, acks.Sum(a => a.Accepted));
        Assert.Equal(ana.RunnerId, Assert.Single(framed.Runners).RunnerId);
        Assert.Equal(1, meters.Total("mml.hub.track.faults"));
        Assert.Equal([(1, false), (2, false), (2, true)], repEvents.Select(e => (e.Rep.Number, e.Recovered)));
        Assert.InRange(repEvents[1].Rep.DistanceM, 380, 420);
        Assert.Equal([1, 2], lapEvents.Select(e => e.Lap.Number));
        // The recording holds every sample: its reps are the two of the run.
        Assert.Equal([1, 2], recordedReps.Select(r => r.Number));
        Assert.Equal(recordedReps[1].StartedAt, repEvents[1].Rep.StartedAt, tolerance: 1_000);
    }
}
