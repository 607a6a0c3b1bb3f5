using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Tests.Track;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Alerts;

/// <summary>
/// The live <c>repFade</c> judges the reps the live track finds (real hub, core's real engine, real SignalR runner): the
/// engine runs no detector of its own, so its rep numbers are the coaches' and survive a restart.
/// </summary>
public sealed class LiveRepFadeTests
{
    private const double Speed = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepFade_HubRestartedAfterTheFirstTwoReps_ThirdRepJudgedAgainstThemUnderItsLiveNumber()
    {
        var data = Directory.CreateTempSubdirectory("mml-live-fade-").FullName;
        try
        {
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 900_000;
            var (samples, secondRepEnd) = ThreeReps(start);
            CreateSessionResponse session;
            JoinResponse ana;
            await using (var first = HubTestHost.Start(dataPath: data))
            {
                session = await first.CreateSessionAsync();
                ana = await first.JoinAsync(session.JoinCode, "Ana");
                await TrackApiTests.PublishAsync(await first.ConnectAsync(ana.RunnerToken), samples[..(secondRepEnd + 30)]);
            }

            await using var second = HubTestHost.Start(dataPath: data);
            var coach = await second.ConnectAsync(session.CoachToken);
            var reps = new Inbox<RepCompleted>();
            coach.On<RepCompleted>(LiveHubContract.RepCompleted, reps.Add);
            await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
            await TrackApiTests.PublishAsync(await second.ConnectAsync(ana.RunnerToken), samples[(secondRepEnd + 30)..]);

            FormAlert? fade = null;
            await Polling.WaitUntilAsync(
                async _ => (fade = (await AlertsAsync(second, session)).FirstOrDefault(a => a.Kind == AlertKind.RepFade)) is not null, HubTestHost.Timeout, Ct);
            RepCompleted third;
            do
            {
                third = await reps.NextAsync();
            }
            while (third.Recovered);

            Assert.Equal(3, third.Rep.Number);
            Assert.Equal(ana.RunnerId, fade!.RunnerId);
            Assert.StartsWith("Rep 3: pace", fade.Message, StringComparison.Ordinal);
            Assert.Contains("slower than reps 1-2", fade.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task RepFade_RunnerForgottenAfterLeavingAndBack_ThirdRepStillJudgedAgainstTheFirstTwo()
    {
        // The ticker is slowed down: the test ticks the engine itself, two minutes and more after the runner left.
        await using var host = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" });
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 900_000;
        var (samples, secondRepEnd) = ThreeReps(start);
        var first = await host.ConnectAsync(ana.RunnerToken);
        await TrackApiTests.PublishAsync(first, samples[..(secondRepEnd + 30)]);
        await first.DisposeAsync();
        var live = host.Services.GetRequiredService<SessionRegistry>().FindInMemory(session.SessionId)!;
        var runner = live.Runners[ana.RunnerId];
        await Polling.WaitUntilAsync(() => runner.Presence.Activity().State == RunnerState.Left, HubTestHost.Timeout, Ct);

        var coordinator = host.Services.GetRequiredService<AlertCoordinator>();
        coordinator.Tick(live, runner.Presence.Activity().LastSampleAt + (long)AlertCoordinator.ForgetLeftRunnerAfter.TotalMilliseconds + 1_000);
        live.Alerts.Enter(out var engine);
        var forgotten = engine.Forgotten.Contains(ana.RunnerId);
        live.Alerts.Exit();
        Assert.True(forgotten, "the engine should have forgotten the runner that left");
        await TrackApiTests.PublishAsync(await host.ConnectAsync(ana.RunnerToken), samples[(secondRepEnd + 30)..]);

        FormAlert? fade = null;
        await Polling.WaitUntilAsync(
            async _ => (fade = (await AlertsAsync(host, session)).FirstOrDefault(a => a.Kind == AlertKind.RepFade)) is not null, HubTestHost.Timeout, Ct);
        Assert.Equal(ana.RunnerId, fade!.RunnerId);
        Assert.StartsWith("Rep 3: pace", fade.Message, StringComparison.Ordinal);
    }

    private static async Task<FormAlert[]> AlertsAsync(HubTestHost host, CreateSessionResponse session)
    {
        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/alerts", session.CoachToken), Ct);
        return (await response.Content.ReadFromJsonAsync<FormAlert[]>(Ct))!;
    }

    /// <summary>1 Hz: three 400 m reps after a minute's standstill, 90 s standing between them, the third 10 % slower.</summary>
    private static (MetricSample[] Samples, int SecondRepEnd) ThreeReps(long start)
    {
        double[] speeds = [Speed, Speed, Speed * 0.9];
        var repStarts = new double[3];
        var at = 60.0;
        for (var i = 0; i < 3; i++)
        {
            repStarts[i] = at;
            at += (400 / speeds[i]) + 90;
        }

        var samples = Enumerable.Range(0, (int)at + 1).Select(t =>
        {
            var rep = Array.FindIndex(repStarts, s => t >= s && t < s + (400 / speeds[Array.IndexOf(repStarts, s)]));
            var distance = repStarts.Select((s, i) => Math.Clamp(t - s, 0, 400 / speeds[i]) * speeds[i]).Sum();
            return new MetricSample
            {
                Seq = t + 1,
                ObservedAt = start + (t * 1000L),
                SpeedMps = rep >= 0 ? speeds[rep] : 0,
                DistanceM = distance,
                CadenceSpm = rep >= 0 ? 184 : null,
                HeartRateBpm = rep >= 0 ? 170 : 110,
            };
        }).ToArray();
        return (samples, (int)(repStarts[1] + (400 / Speed)));
    }
}
