using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Hub.Tests.Alerts;

public sealed class AlertSeamTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Feed_EngineRaisesAndClears_CoachSeesBothRecordedAndAutoCueSentOncePerMinute()
    {
        var engine = new CadenceEngine();
        await using var host = HubTestHost.Start(
            new Dictionary<string, string?> { ["Hub:TickInterval"] = "00:00:00.100" },
            services => services.AddSingleton<IAlertEngineFactory>(engine));
        var session = await host.CreateSessionAsync(autoCue: AutoCueMode.Auto);
        var join = await host.JoinAsync(session.JoinCode);
        var coach = await host.ConnectAsync(session.CoachToken);
        var alerts = new Inbox<FormAlert>();
        var cleared = new Inbox<FormAlert>();
        coach.On<FormAlert>(LiveHubContract.Alert, alerts.Add);
        coach.On<FormAlert>(LiveHubContract.AlertCleared, cleared.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var cues = new Inbox<CueMessage>();
        runner.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        var seq = 0L;
        Task<PublishAck> Publish(double cadence) => runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = ++seq, ObservedAt = Now, CadenceSpm = cadence }] }, TestContext.Current.CancellationToken);

        await Publish(160);
        var raised = await alerts.NextAsync();
        var auto = await cues.NextAsync();
        await Publish(180);
        var clear = await cleared.NextAsync();
        await Publish(160);
        var raisedAgain = await alerts.NextAsync();
        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, Text = "manual" }, TestContext.Current.CancellationToken);
        var next = await cues.NextAsync();
        await WaitUntilAsync(() => engine.Ticks >= 2, HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken);
        using var recorded = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/alerts", coachKey: true), TestContext.Current.CancellationToken);
        var recordedAlerts = await recorded.Content.ReadFromJsonAsync<FormAlert[]>(TestContext.Current.CancellationToken);

        Assert.Equal(AlertKind.CadenceDrop, raised.Kind);
        Assert.Equal(join.RunnerId, raised.RunnerId);
        Assert.Equal(CueSource.Auto, auto.Source);
        Assert.Contains(CueCatalog.Shared.ForKind(AlertKind.CadenceDrop), c => c.Template == auto.Text);
        Assert.Equal(auto.Text, raised.SuggestedCue);
        Assert.Equal(raised.AlertId, clear.AlertId);
        Assert.NotNull(clear.ClearedAt);
        Assert.NotEqual(raised.AlertId, raisedAgain.AlertId);
        Assert.Equal("manual", next.Text);
        Assert.Equal([raisedAgain.AlertId], snapshot.OpenAlerts.Select(a => a.AlertId));
        Assert.Equal(2, recordedAlerts!.Length);
        Assert.NotNull(recordedAlerts.Single(a => a.AlertId == raised.AlertId).ClearedAt);
    }

    /// <summary>Raises cadenceDrop below 170 spm, clears it at 175 and above; counts ticks.</summary>
    private sealed class CadenceEngine : IAlertEngineFactory, IAlertEngine
    {
        private readonly Dictionary<string, FormAlert> _open = [];
        private int _ticks;
        private int _ids;

        public int Ticks => Volatile.Read(ref _ticks);

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

        public void Tick(long nowUnixMs, ICollection<AlertEvent> events) => Interlocked.Increment(ref _ticks);

        public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
        {
        }
    }
}
