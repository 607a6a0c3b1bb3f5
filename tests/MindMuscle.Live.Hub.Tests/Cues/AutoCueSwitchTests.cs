using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Cues;

/// <summary>Switching a session's auto-cue mode through the real hub (Kestrel on 127.0.0.1, real SQLite file, real SignalR clients).</summary>
public sealed class AutoCueSwitchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task PutAndHubMethod_Switch_200SummaryFannedOutToEveryCoachAndRecordedAcrossRestart()
    {
        var data = Directory.CreateTempSubdirectory("mml-auto-cue-").FullName;
        try
        {
            CreateSessionResponse session;
            await using (var host = HubTestHost.Start(dataPath: data))
            {
                session = await host.CreateSessionAsync(autoCue: AutoCueMode.Off);
                var first = await host.ConnectAsync(session.CoachToken);
                var second = await host.ConnectAsync(session.CoachToken, messagePack: true);
                var firstSees = new Inbox<SessionSummary>();
                var secondSees = new Inbox<SessionSummary>();
                first.On<SessionSummary>(LiveHubContract.SessionUpdated, firstSees.Add);
                second.On<SessionSummary>(LiveHubContract.SessionUpdated, secondSees.Add);
                await first.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
                await second.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

                using var put = await PutAsync(host, session.SessionId, """{"mode":"auto"}""", bearer: session.CoachToken);
                var putSummary = (await put.Content.ReadFromJsonAsync<SessionSummary>(Ct))!;
                var firstAuto = await firstSees.NextAsync();
                var secondAuto = await secondSees.NextAsync();
                var viaHub = await second.InvokeAsync<SessionSummary>(LiveHubContract.SetAutoCue, AutoCueMode.Suggest, Ct).WaitAsync(HubTestHost.Timeout, Ct);
                var firstSuggest = await firstSees.NextAsync();
                var secondSuggest = await secondSees.NextAsync();
                var snapshot = await first.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);

                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                Assert.Equal(session.SessionId, putSummary.SessionId);
                Assert.Equal(AutoCueMode.Auto, putSummary.AutoCue);
                Assert.Equal(putSummary, firstAuto);
                Assert.Equal(putSummary, secondAuto);
                Assert.Equal(AutoCueMode.Suggest, viaHub.AutoCue);
                Assert.Equal(viaHub, firstSuggest);
                Assert.Equal(viaHub, secondSuggest);
                Assert.Equal(AutoCueMode.Suggest, snapshot.Session.AutoCue);
            }

            await using var restarted = HubTestHost.Start(dataPath: data);
            using var list = await restarted.Http.SendAsync(HubTestHost.Get("/api/sessions", coachKey: true), Ct);
            var sessions = (await list.Content.ReadFromJsonAsync<SessionSummary[]>(Ct))!;

            Assert.Equal(AutoCueMode.Suggest, Assert.Single(sessions, s => s.SessionId == session.SessionId).AutoCue);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"mode":"loud"}""")]
    [InlineData("""{"mode":7}""")]
    [InlineData("""{}""")]
    public async Task Put_UnknownOrMissingMode_Typed400NamingTheModesAndNothingChanged(string body)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync(autoCue: AutoCueMode.Suggest);

        using var put = await PutAsync(host, session.SessionId, body, bearer: session.CoachToken);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync(Ct));
        using var get = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}", bearer: session.CoachToken), Ct);
        var snapshot = (await get.Content.ReadFromJsonAsync<SessionSnapshot>(Ct))!;

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("Auto-cue mode rejected", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("unknownMode", problem.RootElement.GetProperty("reason").GetString());
        Assert.Contains("\"off\", \"suggest\" or \"auto\"", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(AutoCueMode.Suggest, snapshot.Session.AutoCue);
    }

    [Fact]
    public async Task Put_RunnerTokenUnknownSessionOrEnded_403_404_409_AndHubMethodRefusesARunner()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(ana.RunnerToken);

        using var asRunner = await PutAsync(host, session.SessionId, """{"mode":"auto"}""", bearer: ana.RunnerToken);
        using var unknown = await PutAsync(host, "no-such-session", """{"mode":"auto"}""", coachKey: true);
        var hubRefusal = await Assert.ThrowsAsync<HubException>(
            () => runner.InvokeAsync<SessionSummary>(LiveHubContract.SetAutoCue, AutoCueMode.Auto, Ct).WaitAsync(HubTestHost.Timeout, Ct));
        using var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/end");
        end.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        using var ended = await host.Http.SendAsync(end, Ct);
        using var afterEnd = await PutAsync(host, session.SessionId, """{"mode":"auto"}""", coachKey: true);

        Assert.Equal(HttpStatusCode.Forbidden, asRunner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Forbidden", hubRefusal.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterEnd.StatusCode);
    }

    [Fact]
    public async Task SwitchOffToAuto_NextAlertSendsItsCueItself()
    {
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<IAlertEngineFactory>(new CadenceEngine()));
        var session = await host.CreateSessionAsync(autoCue: AutoCueMode.Off);
        var join = await host.JoinAsync(session.JoinCode);
        var coach = await host.ConnectAsync(session.CoachToken);
        var alerts = new Inbox<FormAlert>();
        var cleared = new Inbox<FormAlert>();
        coach.On<FormAlert>(LiveHubContract.Alert, alerts.Add);
        coach.On<FormAlert>(LiveHubContract.AlertCleared, cleared.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var cues = new Inbox<CueMessage>();
        runner.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        var seq = 0L;
        Task<PublishAck> Publish(double cadence) => runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = ++seq, ObservedAt = Now, CadenceSpm = cadence }] }, Ct).WaitAsync(HubTestHost.Timeout, Ct);

        await Publish(160);
        var whileOff = await alerts.NextAsync();
        await Publish(180);
        await cleared.NextAsync();
        var switchedAt = Now;
        await coach.InvokeAsync<SessionSummary>(LiveHubContract.SetAutoCue, AutoCueMode.Auto, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        await Publish(160);
        var whileAuto = await alerts.NextAsync();
        var cue = await cues.NextAsync();

        Assert.NotEqual(whileOff.AlertId, whileAuto.AlertId);
        // The first cue the runner ever got came after the switch: the alert raised while off sent none.
        Assert.InRange(cue.IssuedAt, switchedAt, Now);
        Assert.Equal(CueSource.Auto, cue.Source);
        Assert.Contains(CueCatalog.Shared.ForKind(AlertKind.CadenceDrop), c => c.Template == cue.Text);
    }

    private static async Task<HttpResponseMessage> PutAsync(HubTestHost host, string sessionId, string json, string? bearer = null, bool coachKey = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/sessions/{sessionId}/auto-cue")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (coachKey)
        {
            request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
        }

        return await host.Http.SendAsync(request, Ct);
    }

    /// <summary>Raises a cadence-drop alert under 170 spm and clears it at 175 or more (the real engine needs minutes of baseline).</summary>
    private sealed class CadenceEngine : IAlertEngineFactory, IAlertEngine
    {
        private readonly Dictionary<string, FormAlert> _open = [];
        private int _ids;

        public IAlertEngine Create(string sessionId, AlertSettings settings) => this;

        public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events)
        {
            foreach (var s in samples)
            {
                if (s.CadenceSpm < 170 && !_open.ContainsKey(runnerId))
                {
                    var alert = new FormAlert
                    {
                        AlertId = $"a{++_ids}",
                        Kind = AlertKind.CadenceDrop,
                        RunnerId = runnerId,
                        StartedAt = s.ObservedAt,
                        Current = s.CadenceSpm,
                        Severity = AlertSeverity.Warning,
                        Message = "cadence dropped",
                        SuggestedCue = "Quick light feet",
                    };
                    _open[runnerId] = alert;
                    events.Add(new AlertEvent(AlertEventKind.Raised, alert));
                }
                else if (s.CadenceSpm >= 175 && _open.Remove(runnerId, out var open))
                {
                    events.Add(new AlertEvent(AlertEventKind.Cleared, open with { ClearedAt = s.ObservedAt }));
                }
            }
        }

        public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
        {
        }

        public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
        {
        }
    }
}
