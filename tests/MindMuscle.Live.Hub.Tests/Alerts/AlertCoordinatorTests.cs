using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Alerts;

/// <summary>
/// The real alert engine and auto-cue policy behind the real hub: a runner publishes the <c>fatigue-quick</c> scenario
/// (cadence fades 8 % at 1:30 for 2 min) fast, on its own sample timeline ending now, and the coach and runner see what
/// the session's <c>autoCue</c> mode says they should.
/// </summary>
public sealed class AlertCoordinatorTests
{
    /// <summary>4:10 of running at 2 Hz: the cadence fade is raised near 2:00 and cleared before 4:00.</summary>
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(250);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Feed_FatigueQuickInSuggestMode_CoachGetsSuggestionAndRunnerHearsOnlyTheAcceptedCue()
    {
        await using var run = await FatigueRun.StartAsync(AutoCueMode.Suggest);

        var start = await run.PublishAsync();
        var raised = await run.Alerts.FirstAsync(a => a.Kind == AlertKind.CadenceDrop);
        var cleared = await run.Cleared.FirstAsync(a => a.AlertId == raised.AlertId);
        await run.Coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = run.RunnerId, CueId = raised.SuggestedCueId }, Ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var heard = await run.Cues.NextAsync();
        var recorded = await run.WaitForRecordedAsync(raised.AlertId);
        var replayed = await run.ReplayAsync();
        var cues = await run.GetAsync<CueUpdate[]>("cues");

        Assert.Equal(run.RunnerId, raised.RunnerId);
        Assert.InRange(raised.StartedAt - start, 100_000, 150_000);
        Assert.StartsWith("cadenceDrop.", raised.SuggestedCueId, StringComparison.Ordinal);
        Assert.True(CueCatalog.Shared.TryResolve(raised.SuggestedCueId, out var text));
        Assert.Equal(text, raised.SuggestedCue);
        Assert.InRange(cleared.ClearedAt!.Value - start, 210_000, 250_000);
        Assert.Equal(raised.SuggestedCueId, cleared.SuggestedCueId);
        Assert.Equal(CueSource.Coach, heard.Source);
        Assert.Equal(raised.SuggestedCue, heard.Text);
        Assert.Equal([CueSource.Coach], cues!.Select(c => c.Source));
        Assert.Equal(raised.StartedAt, recorded.StartedAt);
        Assert.Equal(cleared.ClearedAt, recorded.ClearedAt);
        Assert.Equal(raised.SuggestedCueId, recorded.SuggestedCueId);
        Assert.Contains(replayed, e => e.Kind == ReplayEventKind.Alert && e.Alert!.AlertId == raised.AlertId && e.At == raised.StartedAt);
        Assert.Contains(replayed, e => e.Kind == ReplayEventKind.AlertCleared && e.Alert!.AlertId == raised.AlertId && e.At == cleared.ClearedAt);
    }

    [Fact]
    public async Task Feed_WhileATickHoldsTheEngine_PublishesAreAckedAndTheTickFeedsTheQueuedBatchesAsItLeaves()
    {
        // No ticker help: only the tick holding the gate can feed what was queued while it held it.
        using var engine = new FirstSampleEngine();
        await using var run = await FatigueRun.StartAsync(
            AutoCueMode.Off, new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" }, s => s.AddSingleton<IAlertEngineFactory>(engine));
        var session = run.Services.GetRequiredService<SessionRegistry>().Find(run.SessionId)!;
        var coordinator = run.Services.GetRequiredService<AlertCoordinator>();
        engine.BlockTicks = true;

        // The gate is thread-affine: a thread of its own runs the tick, which blocks inside the engine.
        var holder = new Thread(() => coordinator.Tick(session, Now));
        holder.Start();
        engine.TickEntered.Wait(Ct);
        bool queuedWhileHeld;
        try
        {
            await run.PublishAsync();
            queuedWhileHeld = !session.Alerts.Pending.IsEmpty;
        }
        finally
        {
            engine.ReleaseTick.Set();
            holder.Join();
        }

        var raised = await run.Alerts.FirstAsync(a => a.Kind == AlertKind.CadenceDrop);

        Assert.True(queuedWhileHeld, "every publish was acked with the gate held, so its samples must wait in the queue");
        Assert.Equal(run.RunnerId, raised.RunnerId);
        Assert.True(session.Alerts.Pending.IsEmpty, "the tick fed the queue as it left the gate");
    }

    [Fact]
    public async Task Feed_EngineCannotBeCreated_PublishesAreAckedAndNothingPilesUp()
    {
        await using var run = await FatigueRun.StartAsync(
            AutoCueMode.Off, new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" }, s => s.AddSingleton<IAlertEngineFactory>(new BrokenFactory()));
        var session = run.Services.GetRequiredService<SessionRegistry>().Find(run.SessionId)!;

        await run.PublishAsync();

        Assert.True(session.Alerts.Pending.IsEmpty, "batches that can never reach an engine are dropped, not kept");
    }

    [Fact]
    public async Task Feed_HandlingOneBatchsAlertsThrows_LaterBatchesStillRaiseAlerts()
    {
        // The first batch's alert has no id, which the hub cannot keep open: handling it throws inside the gate.
        using var engine = new FirstSampleEngine { FirstAlertBroken = true };
        await using var run = await FatigueRun.StartAsync(
            AutoCueMode.Off, new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" }, s => s.AddSingleton<IAlertEngineFactory>(engine));

        await run.PublishAsync();
        var raised = await run.Alerts.FirstAsync(a => a.Kind == AlertKind.CadenceDrop);

        Assert.Equal(run.RunnerId, raised.RunnerId);
        Assert.NotNull(raised.AlertId);
    }

    [Fact]
    public async Task Feed_FatigueQuickInAutoMode_RunnerHearsOneAutoCueForSeveralAlertsWithinTheGap()
    {
        await using var run = await FatigueRun.StartAsync(AutoCueMode.Auto);

        await run.PublishAsync();
        var raised = await run.RaisedUntilCadenceDropClearedAsync();
        var auto = await run.Cues.NextAsync();
        var fence = await run.FenceAsync();
        var cues = await run.GetAsync<CueUpdate[]>("cues");

        Assert.True(raised.Count(a => CueCatalog.IsSpoken(a.Kind)) >= 2, $"raised: {string.Join(", ", raised.Select(a => a.Kind))}");
        Assert.Equal(CueSource.Auto, auto.Source);
        Assert.Contains(raised, a => a.SuggestedCue == auto.Text && a.SuggestedCueId is not null);
        Assert.Equal("fence", fence.Text);
        Assert.Single(cues!, c => c.Source == CueSource.Auto);
    }

    [Fact]
    public async Task Feed_AutoModeWhileCoachCuePending_NoAutoCue()
    {
        await using var run = await FatigueRun.StartAsync(AutoCueMode.Auto);
        await run.Coach.InvokeAsync<string[]>(
            LiveHubContract.SendCue, new CueRequest { RunnerId = run.RunnerId, Text = "Coach first", TtlSeconds = 600 }, Ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var first = await run.Cues.NextAsync();

        await run.PublishAsync();
        var raised = await run.RaisedUntilCadenceDropClearedAsync();
        var fence = await run.FenceAsync();
        var cues = await run.GetAsync<CueUpdate[]>("cues");

        Assert.Equal("Coach first", first.Text);
        Assert.Contains(raised, a => a.Kind == AlertKind.CadenceDrop);
        Assert.Equal("fence", fence.Text);
        Assert.DoesNotContain(cues!, c => c.Source == CueSource.Auto);
    }

    [Fact]
    public async Task Tick_AutoModeWithCheckIns_LiveRunnerGetsOneCheckInPerGap()
    {
        await using var run = await FatigueRun.StartAsync(
            AutoCueMode.Auto,
            new Dictionary<string, string?> { ["Hub:TickInterval"] = "00:00:00.100", ["Hub:AutoCueCheckInInterval"] = "00:00:00.500" });

        await run.Runner.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 1, ObservedAt = Now, CadenceSpm = 180, SpeedMps = 4 }] }, Ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var checkIn = await run.Cues.NextAsync();
        var fence = await run.FenceAsync();

        Assert.Equal(CueSource.CheckIn, checkIn.Source);
        Assert.Contains(CueCatalog.Shared.CheckIns, c => c.Template == checkIn.Text);
        Assert.Equal("fence", fence.Text);
    }

    [Fact]
    public async Task Tick_AlertOpenInTheRecordingOfAPreviousHub_IsClearedByTheNewHub()
    {
        var data = Directory.CreateTempSubdirectory("mml-hub-alerts-").FullName;
        using var engine = new FirstSampleEngine();
        try
        {
            string sessionId, alertId;
            await using (var first = HubTestHost.Start(
                new Dictionary<string, string?> { ["Hub:TickInterval"] = "01:00:00" }, s => s.AddSingleton<IAlertEngineFactory>(engine), data))
            {
                var session = await first.CreateSessionAsync();
                var join = await first.JoinAsync(session.JoinCode);
                var runner = await first.ConnectAsync(join.RunnerToken);
                await runner.InvokeAsync<PublishAck>(
                    LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 1, ObservedAt = Now, CadenceSpm = 150 }] }, Ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
                sessionId = session.SessionId;
                alertId = (await WaitForAlertAsync(first, sessionId, a => a.ClearedAt is null)).AlertId;
            }

            await using var second = HubTestHost.Start(new Dictionary<string, string?> { ["Hub:TickInterval"] = "00:00:00.100" }, dataPath: data);
            var closed = await WaitForAlertAsync(second, sessionId, a => a.AlertId == alertId && a.ClearedAt is not null);
            using var snapshot = await second.Http.SendAsync(HubTestHost.Get($"/api/sessions/{sessionId}", coachKey: true), Ct);
            var open = (await snapshot.Content.ReadFromJsonAsync<SessionSnapshot>(Ct))!.OpenAlerts;

            Assert.True(closed.ClearedAt >= closed.StartedAt);
            Assert.Empty(open);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<FormAlert> WaitForAlertAsync(HubTestHost host, string sessionId, Func<FormAlert, bool> match)
    {
        FormAlert? alert = null;
        await Polling.WaitUntilAsync(
            async ct =>
            {
                using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{sessionId}/alerts", coachKey: true), ct);
                alert = (await response.Content.ReadFromJsonAsync<FormAlert[]>(ct))!.FirstOrDefault(match);
                return alert is not null;
            },
            () => $"no matching alert recorded for session {sessionId}",
            HubTestHost.Timeout,
            Ct);
        return alert!;
    }

    /// <summary>Raises one cadenceDrop at the first sample of every batch and never clears it.</summary>
    private sealed class FirstSampleEngine : IAlertEngineFactory, IAlertEngine, IDisposable
    {
        private int _fed;

        /// <summary>Whether <see cref="Tick"/> waits for <see cref="ReleaseTick"/> (holding the session's gate).</summary>
        public bool BlockTicks { get; set; }

        /// <summary>Whether the first batch's alert has no id.</summary>
        public bool FirstAlertBroken { get; init; }

        public ManualResetEventSlim TickEntered { get; } = new();

        public ManualResetEventSlim ReleaseTick { get; } = new();

        public IAlertEngine Create(string sessionId, AlertSettings settings) => this;

        public void Feed(string runnerId, ReadOnlySpan<MetricSample> samples, ICollection<AlertEvent> events) =>
            events.Add(new AlertEvent(AlertEventKind.Raised, new FormAlert
            {
                AlertId = FirstAlertBroken && Interlocked.Increment(ref _fed) == 1 ? null! : $"{runnerId}:cadenceDrop:{samples[0].ObservedAt}",
                Kind = AlertKind.CadenceDrop,
                RunnerId = runnerId,
                StartedAt = samples[0].ObservedAt,
                Message = "cadence dropped",
            }));

        public void Tick(long nowUnixMs, ICollection<AlertEvent> events)
        {
            if (BlockTicks)
            {
                TickEntered.Set();
                ReleaseTick.Wait(Ct);
            }
        }

        public void RemoveRunner(string runnerId, long atUnixMs, ICollection<AlertEvent> events)
        {
        }

        public void Dispose()
        {
            TickEntered.Dispose();
            ReleaseTick.Dispose();
        }
    }

    private sealed class BrokenFactory : IAlertEngineFactory
    {
        public IAlertEngine Create(string sessionId, AlertSettings settings) => throw new InvalidOperationException("no engine today");
    }

    /// <summary>A hub, a session in the given mode, a watching coach and a connected runner.</summary>
    private sealed class FatigueRun : IAsyncDisposable
    {
        private readonly HubTestHost _host;
        private readonly CreateSessionResponse _session;

        private FatigueRun(HubTestHost host, CreateSessionResponse session, string runnerId, HubConnection coach, HubConnection runner)
        {
            _host = host;
            _session = session;
            RunnerId = runnerId;
            Coach = coach;
            Runner = runner;
            coach.On<FormAlert>(LiveHubContract.Alert, Alerts.Add);
            coach.On<FormAlert>(LiveHubContract.AlertCleared, Cleared.Add);
            runner.On<CueMessage>(LiveHubContract.Cue, Cues.Add);
        }

        public string RunnerId { get; }

        public string SessionId => _session.SessionId;

        public IServiceProvider Services => _host.Services;

        public HubConnection Coach { get; }

        public HubConnection Runner { get; }

        public Inbox<FormAlert> Alerts { get; } = new();

        public Inbox<FormAlert> Cleared { get; } = new();

        public Inbox<CueMessage> Cues { get; } = new();

        public static async Task<FatigueRun> StartAsync(AutoCueMode mode, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        {
            var host = HubTestHost.Start(settings, services);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
            {
                // The stream ends now but starts minutes ago: a long sensorLost keeps the hub's live tick from calling
                // the fast-published backlog a lost sensor. It also shows the session's settings reach the engine.
                Content = JsonContent.Create(new CreateSessionRequest
                {
                    Name = "fatigue-quick",
                    AutoCue = mode,
                    AlertSettings = new AlertSettings { SensorLostSeconds = 600 },
                }),
            };
            request.Headers.Add("X-Coach-Key", HubTestHost.CoachKey);
            using var response = await host.Http.SendAsync(request, Ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            var session = (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(Ct))!;
            var join = await host.JoinAsync(session.JoinCode);
            var coach = await host.ConnectAsync(session.CoachToken);
            var runner = await host.ConnectAsync(join.RunnerToken);
            var run = new FatigueRun(host, session, join.RunnerId, coach, runner);
            await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
            return run;
        }

        /// <summary>Publishes the whole run in batches as fast as the hub acks; returns the sample time of the run's start.</summary>
        public async Task<long> PublishAsync()
        {
            var model = new RunnerModel(Scenario.Load("fatigue-quick"), seed: 11);
            var step = TimeSpan.FromMilliseconds(500);
            var count = (int)(RunLength / step);
            var start = Now - (long)RunLength.TotalMilliseconds;
            var samples = new MetricSample[count];
            for (var i = 0; i < count; i++)
            {
                var vitals = model.Step(step);
                samples[i] = vitals.ToMetricSample(start + (long)vitals.Elapsed.TotalMilliseconds) with { Seq = i + 1 };
            }

            PublishAck? ack = null;
            foreach (var batch in samples.Chunk(50))
            {
                ack = await Runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = batch }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
            }

            Assert.Equal(count, ack!.UpTo);
            return start;
        }

        /// <summary>Every alert the coach saw raised up to the clear of the cadence drop (all raised in the same burst).</summary>
        public async Task<List<FormAlert>> RaisedUntilCadenceDropClearedAsync()
        {
            var cleared = await Cleared.FirstAsync(a => a.Kind == AlertKind.CadenceDrop);
            var raised = new List<FormAlert>();
            while (true)
            {
                var alert = await Alerts.NextAsync();
                raised.Add(alert);
                if (alert.AlertId == cleared.AlertId)
                {
                    break;
                }
            }

            // Alerts raised after the cadence drop but before its clear, still queued for the coach.
            while (Alerts.TryTake(out var more) && more.StartedAt < cleared.ClearedAt)
            {
                raised.Add(more);
            }

            return raised;
        }

        /// <summary>
        /// A coach cue sent after everything else: the runner receives cues in the order the hub recorded them, so the
        /// next cue the runner gets after an expected one must be this one if no other cue was sent in between.
        /// </summary>
        public async Task<CueMessage> FenceAsync()
        {
            await Coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = RunnerId, Text = "fence" }, Ct).WaitAsync(HubTestHost.Timeout, Ct);
            return await Cues.NextAsync();
        }

        public async Task<T?> GetAsync<T>(string what)
        {
            using var response = await _host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{_session.SessionId}/{what}", _session.CoachToken), Ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<T>(Ct);
        }

        /// <summary>Alerts are recorded in the background: waits until the alert's clear is committed.</summary>
        public async Task<FormAlert> WaitForRecordedAsync(string alertId)
        {
            FormAlert? recorded = null;
            await Polling.WaitUntilAsync(
                async _ =>
                {
                    var alerts = await GetAsync<FormAlert[]>("alerts");
                    recorded = alerts!.FirstOrDefault(a => a.AlertId == alertId) is { ClearedAt: not null } cleared ? cleared : null;
                    return recorded is not null;
                },
                () => $"alert {alertId} not recorded as cleared",
                HubTestHost.Timeout,
                Ct);
            return recorded!;
        }

        public async Task<List<ReplayEvent>> ReplayAsync()
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            cts.CancelAfter(HubTestHost.Timeout);
            var events = new List<ReplayEvent>();
            await foreach (var item in Coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, _session.SessionId, 0.0, 0L, cts.Token))
            {
                events.Add(item);
            }

            return events;
        }

        public ValueTask DisposeAsync() => _host.DisposeAsync();
    }
}
