using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Tests.Markers;
using MindMuscle.Live.Hub.Tests.Track;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Tests.ScaleOut;

/// <summary>Markers over two real hubs sharing a real PostgreSQL and a real redis-server (skipped when either is missing).</summary>
public sealed class ScaleOutMarkerTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Markers_AddedOnBothNodesAtOnce_DistinctIdsRecordedInPostgresAndFannedOutAcrossNodes()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var coachOnB = await hubs.B.ConnectAsync(session.CoachToken);
        var seenOnB = new Inbox<SessionMarker>();
        coachOnB.On<SessionMarker>(LiveHubContract.MarkerAdded, seenOnB.Add);
        await coachOnB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

        // Ten markers from each node at once: both pick "max + 1" from the same table.
        var onA = Enumerable.Range(0, 10).Select(i => MarkersApiTests.PostAsync(hubs.A, session.SessionId, new { kind = "lap", runnerId = ana.RunnerId }, bearer: session.CoachToken));
        var onB = Enumerable.Range(0, 10).Select(i => coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.Note, Text = $"note {i}" }, Ct));
        var posted = await Task.WhenAll(onA).WaitAsync(HubTestHost.Timeout, Ct);
        var added = await Task.WhenAll(onB).WaitAsync(HubTestHost.Timeout, Ct);
        var fromA = new List<SessionMarker>();
        foreach (var response in posted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            fromA.Add((await response.Content.ReadFromJsonAsync<SessionMarker>(Ct))!);
            response.Dispose();
        }

        var heard = new List<SessionMarker>();
        for (var i = 0; i < 20; i++)
        {
            heard.Add(await seenOnB.NextAsync());
        }

        var listedOnA = await MarkersApiTests.GetMarkersAsync(hubs.A, session.SessionId);
        var snapshotOnB = await coachOnB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), fromA.Concat(added).Select(m => m.MarkerId).Order());
        Assert.Equal(fromA.Concat(added).Select(m => m.MarkerId).Order(), heard.Select(m => m.MarkerId).Order());
        Assert.Equal(20, listedOnA.Count);
        Assert.Equal(listedOnA.Select(m => m.MarkerId).Order(), snapshotOnB.Markers.Select(m => m.MarkerId).Order());
        Assert.All(fromA, m => Assert.Equal(ana.RunnerId, m.RunnerId));
    }

    [Fact]
    public async Task LiveTrack_RunnerOnAMarksFromACoachOnB_MarkedRepAndLapsReachTheCoachOnB()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var coachOnB = await hubs.B.ConnectAsync(session.CoachToken);
        var reps = new Inbox<RepCompleted>();
        var laps = new Inbox<LapCompleted>();
        coachOnB.On<RepCompleted>(LiveHubContract.RepCompleted, reps.Add);
        coachOnB.On<LapCompleted>(LiveHubContract.LapCompleted, laps.Add);
        await coachOnB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var runnerOnA = await hubs.A.ConnectAsync(ana.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        var samples = TrackApiTests.TwoReps(start);

        // A's track exists once Ana's first samples arrived; the group's marks then come from B over the bus.
        await TrackApiTests.PublishAsync(runnerOnA, samples[..30]);
        await coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepStart, At = start + 70_000 }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepEnd, At = start + 120_000 }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await Polling.WaitUntilAsync(() => hubs.A.Services.GetRequiredService<SessionRegistry>().FindInMemory(session.SessionId)?.Markers.All().Length == 2, HubTestHost.Timeout, Ct);
        await TrackApiTests.PublishAsync(runnerOnA, samples[30..]);
        var rep = await reps.NextAsync();
        var lap = await laps.NextAsync();

        Assert.True(rep.Rep.Marked);
        Assert.Equal((ana.RunnerId, start + 70_000, start + 120_000), (rep.RunnerId, rep.Rep.StartedAt, rep.Rep.EndedAt));
        Assert.Equal((ana.RunnerId, 1, 400.0), (lap.RunnerId, lap.Lap.Number, lap.Lap.DistanceM));
    }
}
