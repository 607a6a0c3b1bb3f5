using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Tests.Track;

/// <summary>
/// Live reps and laps: simulated intervals published through the real hub reach a watching coach, and a track that
/// fails on its samples fails none of the publishes.
/// </summary>
public sealed class LiveTrackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_TwoRepsOf400m_CoachGetsEachRepThenItsRecoveryAndEachLap()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var (reps, laps, _) = await WatchAsync(host, session);
        var runner = await host.ConnectAsync(ana.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;

        await TrackApiTests.PublishAsync(runner, TrackApiTests.TwoReps(start));
        var repEvents = new List<RepCompleted>();
        for (var i = 0; i < 4; i++)
        {
            repEvents.Add(await reps.NextAsync());
        }

        var lapEvents = new List<LapCompleted>{ await laps.NextAsync(), await laps.NextAsync() };

        Assert.Equal([(1, false), (1, true), (2, false), (2, true)], repEvents.Select(e => (e.Rep.Number, e.Recovered)));
        Assert.All(repEvents, e => Assert.Equal((session.SessionId, ana.RunnerId), (e.SessionId, e.RunnerId)));
        Assert.All(repEvents, e => Assert.InRange(e.Rep.DistanceM, 380, 420));
        Assert.All(repEvents.Where(e => !e.Recovered), e => Assert.Null(e.Rep.HrDrop60Bpm));
        Assert.All(repEvents.Where(e => e.Recovered), e => Assert.InRange(e.Rep.HrDrop60Bpm ?? 0, 25, 35));
        Assert.Equal(repEvents[0].Rep.EndedAt, repEvents[1].Rep.EndedAt);
        Assert.Equal([1, 2], lapEvents.Select(e => e.Lap.Number));
        Assert.All(lapEvents, e => Assert.Equal(400, e.Lap.DistanceM, 1));
        Assert.All(lapEvents, e => Assert.False(e.Lap.Marked));
        Assert.All(lapEvents, e => Assert.Equal(ana.RunnerId, e.RunnerId));
    }

    [Fact]
    public async Task AddMarker_DuringTheRun_LiveRepsAndLapsFollowTheMarks()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var (reps, laps, _) = await WatchAsync(host, session);
        var coach = await host.ConnectAsync(session.CoachToken);
        var runner = await host.ConnectAsync(ana.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        var samples = TrackApiTests.TwoReps(start);

        // The first 30 s arrive before any mark, then the group's rep marks ahead of the samples; after 90 s (30 s into
        // the first rep) a lap mark 10 s in the past.
        await TrackApiTests.PublishAsync(runner, samples[..30]);
        foreach (var marker in new MarkerRequest[]
        {
            new() { Kind = MarkerKind.RepStart, At = start + 70_000 },
            new() { Kind = MarkerKind.RepEnd, At = start + 120_000 },
        })
        {
            await coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, marker, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }

        await TrackApiTests.PublishAsync(runner, samples[30..90]);
        var lapMarker = new MarkerRequest { Kind = MarkerKind.Lap, RunnerId = ana.RunnerId, At = start + 80_000 };
        await coach.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, lapMarker, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await TrackApiTests.PublishAsync(runner, samples[90..]);
        var rep = await reps.NextAsync();
        var recovered = await reps.NextAsync();
        var lap = await laps.NextAsync();

        Assert.True(rep.Rep.Marked);
        Assert.False(rep.Recovered);
        Assert.Equal((1, start + 70_000, start + 120_000), (rep.Rep.Number, rep.Rep.StartedAt, rep.Rep.EndedAt));
        Assert.Equal(300, rep.Rep.DistanceM, 1);
        Assert.True(recovered.Recovered);
        Assert.Equal(1, recovered.Rep.Number);
        Assert.True(lap.Lap.Marked);
        Assert.Equal((1, start, start + 80_000), (lap.Lap.Number, lap.Lap.StartedAt, lap.Lap.EndedAt));
        Assert.Equal(120, lap.Lap.DistanceM, 1); // 20 s at 6 m/s to the mark, not to the last sample before it came
        Assert.False(reps.TryTake(out var extra), $"no other rep expected, got rep {extra?.Rep.Number}");
    }

    [Fact]
    public async Task Publish_HubRestartedBetweenTwoReps_NumbersGoOnAndTheFirstRepsRecoveryStillComes()
    {
        var data = Directory.CreateTempSubdirectory("mml-live-track-").FullName;
        try
        {
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
            var samples = TrackApiTests.TwoReps(start);
            CreateSessionResponse session;
            JoinResponse ana;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                session = await first.CreateSessionAsync();
                ana = await first.JoinAsync(session.JoinCode, "Ana");
                // Up to 13 s after the first rep (and its first lap) ended.
                await TrackApiTests.PublishAsync(await first.ConnectAsync(ana.RunnerToken), samples[..140]);
            }

            await using var second = HubTestHost.Start(dataPath: data);
            var (reps, laps, _) = await WatchAsync(second, session);
            await TrackApiTests.PublishAsync(await second.ConnectAsync(ana.RunnerToken), samples[140..]);
            var events = new List<RepCompleted> { await reps.NextAsync(), await reps.NextAsync(), await reps.NextAsync() };
            var lap = await laps.NextAsync();

            Assert.Equal([(1, true), (2, false), (2, true)], events.Select(e => (e.Rep.Number, e.Recovered)));
            Assert.InRange(events[0].Rep.HrDrop60Bpm ?? 0, 25, 35);
            Assert.Equal(2, lap.Lap.Number);
            Assert.Equal(400, lap.Lap.DistanceM, 1);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_TrackAnalysisFailsOnTwoSamples_EveryPublishAckedAndRecordedCountedOnceAndTheNextRepFound()
    {
        await using var host = HubTestHost.Start();
        using var meters = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.track.faults");
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var (reps, laps, frames) = await WatchAsync(host, session);
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

    private static async Task<(Inbox<RepCompleted> Reps, Inbox<LapCompleted> Laps, Inbox<SamplesFrame> Frames)> WatchAsync(HubTestHost host, CreateSessionResponse session)
    {
        var coach = await host.ConnectAsync(session.CoachToken);
        var (reps, laps, frames) = (new Inbox<RepCompleted>(), new Inbox<LapCompleted>(), new Inbox<SamplesFrame>());
        coach.On<RepCompleted>(LiveHubContract.RepCompleted, reps.Add);
        coach.On<LapCompleted>(LiveHubContract.LapCompleted, laps.Add);
        coach.On<SamplesFrame>(LiveHubContract.Samples, frames.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        return (reps, laps, frames);
    }
}
