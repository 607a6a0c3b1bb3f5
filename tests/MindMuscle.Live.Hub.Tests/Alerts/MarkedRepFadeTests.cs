using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.Tests.Markers;
using MindMuscle.Live.Hub.Tests.ScaleOut;
using MindMuscle.Live.Hub.Tests.Track;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Alerts;

/// <summary>
/// The live <c>repFade</c> judges the reps the coach marked, as <c>GET /reps</c> does (real hub, core's real alert
/// engine, real SignalR runners): on one node, and with the marks coming from a coach on another node over Redis.
/// </summary>
public sealed class MarkedRepFadeTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    private const double Steady = 4.0;
    private const double Slow = 3.6;

    // The coach's reps: 60 s stretches of a steady run, the third one 10 % slower; the detector finds no rep in it.
    private static readonly (int From, int To)[] MarkedReps = [(120, 180), (240, 300), (360, 420)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepFade_CoachMarksRepsBeforeAndDuringTheRun_RaisedOnTheMarkedThirdRepForItsRunnerOnly()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        var samples = SteadyRun(start);
        var anaOnHub = await host.ConnectAsync(ana.RunnerToken);
        var benOnHub = await host.ConnectAsync(ben.RunnerToken);

        // The first two reps are marked before the engine exists (it catches up on them), the third while Ana runs.
        await MarkAsync(host, session, ana.RunnerId, start, MarkedReps[..2]);
        await TrackApiTests.PublishAsync(anaOnHub, samples[..300]);
        await TrackApiTests.PublishAsync(benOnHub, samples);
        await MarkAsync(host, session, ana.RunnerId, start, MarkedReps[2..]);
        await TrackApiTests.PublishAsync(anaOnHub, samples[300..]);

        var fade = await WaitForFadeAsync(host, session);
        Assert.Equal(ana.RunnerId, fade.RunnerId);
        Assert.StartsWith("Rep 3: pace", fade.Message, StringComparison.Ordinal);
        // Ben ran the same samples without marks: no reps, so no fade (GET /reps agrees: Ana has three, Ben none).
        Assert.DoesNotContain(await AlertsAsync(host, session), a => a.Kind == AlertKind.RepFade && a.RunnerId == ben.RunnerId);
        using var reps = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/reps", session.CoachToken), Ct);
        var byRunner = (await reps.Content.ReadFromJsonAsync<RunnerReps[]>(Ct))!.ToDictionary(r => r.RunnerId);
        Assert.Equal(3, byRunner[ana.RunnerId].Reps.Count);
        Assert.Empty(byRunner[ben.RunnerId].Reps);
    }

    [Fact]
    public async Task ScaleOut_MarksFromACoachOnBForARunnerOnA_FadeRaisedOnAAndALateMarkCountedOnA()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres, coreAlerts: true);
        using var late = new MeterTotals(hubs.A.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.markers.late");
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var coachOnB = await hubs.B.ConnectAsync(session.CoachToken);
        await coachOnB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var runnerOnA = await hubs.A.ConnectAsync(ana.RunnerToken);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        var samples = SteadyRun(start);

        await TrackApiTests.PublishAsync(runnerOnA, samples[..60]);
        foreach (var (from, to) in MarkedReps)
        {
            await coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepStart, At = start + (from * 1000L) }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
            await coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepEnd, At = start + (to * 1000L) }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        }

        var onA = hubs.A.Services.GetRequiredService<SessionRegistry>();
        await Polling.WaitUntilAsync(() => onA.FindInMemory(session.SessionId)?.Markers.All().Length == 6, HubTestHost.Timeout, Ct);
        await TrackApiTests.PublishAsync(runnerOnA, samples[60..]);
        var fade = await WaitForFadeAsync(hubs.A, session);

        // A repStart for a time Ana's live track on A has passed: A reports it as too late, as for a marker recorded there.
        await coachOnB.InvokeAsync<SessionMarker>(LiveHubContract.AddMarker, new MarkerRequest { Kind = MarkerKind.RepStart, At = start + 30_000 }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await Polling.WaitUntilAsync(() => late.Total("mml.hub.markers.late") >= 1, HubTestHost.Timeout, Ct);

        Assert.Equal(ana.RunnerId, fade.RunnerId);
        Assert.StartsWith("Rep 3: pace", fade.Message, StringComparison.Ordinal);
        Assert.Equal(1, late.Total("mml.hub.markers.late"));
    }

    [Fact]
    public async Task Mark_TooLateForTheLiveTrackOnThisNode_Counted()
    {
        await using var host = HubTestHost.Start();
        using var late = new MeterTotals(host.Services, i => i.Meter.Name == HubMetrics.MeterName && i.Name == "mml.hub.markers.late");
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken);
        var laps = new Inbox<LapCompleted>();
        coach.On<LapCompleted>(LiveHubContract.LapCompleted, laps.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        await MarkAsync(host, session, ana.RunnerId, start, [(40, 60)]);
        await TrackApiTests.PublishAsync(await host.ConnectAsync(ana.RunnerToken), SteadyRun(start)[..120]);
        // Ana's live track applied the 40-60 s rep and passed 100 s (its first 400 m lap) before the mark for 30 s arrives.
        await laps.NextAsync();

        using var posted = await MarkersApiTests.PostAsync(host, session.SessionId, new { kind = "repStart", runnerId = ana.RunnerId, at = start + 30_000 }, bearer: session.CoachToken);
        await Polling.WaitUntilAsync(() => late.Total("mml.hub.markers.late") >= 1, HubTestHost.Timeout, Ct);

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(1, late.Total("mml.hub.markers.late"));
    }

    /// <summary>1 Hz for 480 s at 4 m/s, 3.6 m/s over the third marked rep, with distance and cadence.</summary>
    private static MetricSample[] SteadyRun(long start)
    {
        var samples = new MetricSample[480];
        double distance = 0;
        for (var t = 0; t < samples.Length; t++)
        {
            var speed = t >= MarkedReps[2].From && t < MarkedReps[2].To ? Slow : Steady;
            distance += speed;
            samples[t] = new MetricSample
            {
                Seq = t + 1, ObservedAt = start + (t * 1000L), SpeedMps = speed, DistanceM = distance, CadenceSpm = 176, HeartRateBpm = 150,
            };
        }

        return samples;
    }

    private static async Task MarkAsync(HubTestHost host, CreateSessionResponse session, string runnerId, long start, (int From, int To)[] reps)
    {
        foreach (var (from, to) in reps)
        {
            foreach (var (kind, at) in new[] { ("repStart", from), ("repEnd", to) })
            {
                using var posted = await MarkersApiTests.PostAsync(host, session.SessionId, new { kind, runnerId, at = start + (at * 1000L) }, bearer: session.CoachToken);
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            }
        }
    }

    private static async Task<FormAlert> WaitForFadeAsync(HubTestHost host, CreateSessionResponse session)
    {
        FormAlert? fade = null;
        await Polling.WaitUntilAsync(
            async _ => (fade = (await AlertsAsync(host, session)).FirstOrDefault(a => a.Kind == AlertKind.RepFade)) is not null, HubTestHost.Timeout, Ct);
        return fade!;
    }

    private static async Task<FormAlert[]> AlertsAsync(HubTestHost host, CreateSessionResponse session)
    {
        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/alerts", session.CoachToken), Ct);
        return (await response.Content.ReadFromJsonAsync<FormAlert[]>(Ct))!;
    }
}
