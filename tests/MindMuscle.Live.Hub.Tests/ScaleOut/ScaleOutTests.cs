using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.ScaleOut;
using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Servers;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.ScaleOut;

/// <summary>
/// Scale-out with a real redis-server and a real PostgreSQL (skipped, naming the apt package, when missing): two hubs,
/// runners on one, coaches on the other.
/// </summary>
public sealed class ScaleOutTests(RedisServerFixture redis, PostgresServerFixture postgres)
    : IClassFixture<RedisServerFixture>, IClassFixture<PostgresServerFixture>
{
    /// <summary>Bound on a publish pair during the outage: the hub's Redis timeouts are 2 s, so waiting on Redis would reach it.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>3 s in CI; the issue's 10 s with MML_LONG_TESTS=1.</summary>
    private static readonly TimeSpan Outage =
        TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1" ? 10 : 3);

    /// <summary>
    /// Bound on the first cue across nodes once samples cross again: the backplane is back within a second of Redis
    /// even at load 20-30, so this leaves a loaded CI machine 30 times that.
    /// </summary>
    private static readonly TimeSpan CueDeadline = TimeSpan.FromSeconds(30);

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task FanOut_RunnersJoinedOnHubACoachOnHubB_CoachReceivesEverySampleAndAlert()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var ben = await hubs.A.JoinAsync(session.JoinCode, "Ben");
        var coach = await hubs.B.ConnectAsync(session.CoachToken);
        var seen = new Inbox<(string RunnerId, long Seq)>();
        var alerts = new Inbox<FormAlert>();
        coach.On<SamplesFrame>(LiveHubContract.Samples, f =>
        {
            foreach (var r in f.Runners)
            {
                foreach (var s in r.Samples)
                {
                    seen.Add((r.RunnerId, s.Seq));
                }
            }
        });
        coach.On<FormAlert>(LiveHubContract.Alert, alerts.Add);
        var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        // Ana publishes on hub A (cross-node to the coach); Ben joined on A but publishes on B.
        var anaConnection = await hubs.A.ConnectAsync(ana.RunnerToken);
        var benConnection = await hubs.B.ConnectAsync(ben.RunnerToken);
        var start = Now;

        for (var batch = 0; batch < 5; batch++)
        {
            var hr = batch == 2 ? 195 : 150;
            await PublishAsync(anaConnection, SampleBuilder.Steady(1 + (batch * 4), start + (batch * 1000), 4, TimeSpan.FromMilliseconds(250), heartRateBpm: hr));
            await PublishAsync(benConnection, SampleBuilder.Steady(1 + (batch * 4), start + (batch * 1000), 4, TimeSpan.FromMilliseconds(250)));
        }

        var received = await CollectAsync(seen, [ana.RunnerId, ben.RunnerId], 20);
        var alert = await alerts.NextAsync();

        Assert.Equal(new[] { ana.RunnerId, ben.RunnerId }.Order(StringComparer.Ordinal), snapshot.Runners.Select(r => r.RunnerId).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received[ana.RunnerId].Order());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received[ben.RunnerId].Order());
        Assert.Equal(ana.RunnerId, alert.RunnerId);
        Assert.Equal(AlertKind.HrCeiling, alert.Kind);
    }

    /// <summary>Scale-out calls AddSignalR() again, which re-adds the plain protocols: both must still be the sharing ones.</summary>
    [Fact]
    public async Task Protocols_WithTheBackplane_AreTheFrameSharingWrappers()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);

        var protocols = hubs.A.Services.GetRequiredService<Microsoft.AspNetCore.SignalR.IHubProtocolResolver>().AllProtocols;

        Assert.Equal(["json", "messagepack"], protocols.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(protocols, p => Assert.IsType<MindMuscle.Live.Hub.FanOut.FrameSharingProtocol>(p));
    }

    [Fact]
    public async Task Backplane_RedisStopped_BothHubsKeepServingLocalClientsAndRecover()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var ben = await hubs.B.JoinAsync(session.JoinCode, "Ben");
        var coachA = await hubs.A.ConnectAsync(session.CoachToken);
        var coachB = await hubs.B.ConnectAsync(session.CoachToken);
        var seenA = new Inbox<(string RunnerId, long Seq)>();
        var seenB = new Inbox<(string RunnerId, long Seq)>();
        coachA.On<SamplesFrame>(LiveHubContract.Samples, f => Collect(f, seenA));
        coachB.On<SamplesFrame>(LiveHubContract.Samples, f => Collect(f, seenB));
        await coachA.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await coachB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var anaOnA = await hubs.A.ConnectAsync(ana.RunnerToken);
        var benOnB = await hubs.B.ConnectAsync(ben.RunnerToken);
        long anaSeq = 0, benSeq = 0;
        await PublishAsync(anaOnA, SampleBuilder.Steady(++anaSeq, Now, 1, TimeSpan.Zero));
        await seenB.FirstAsync(s => s.RunnerId == ana.RunnerId && s.Seq == anaSeq); // the bus works before the outage

        hubs.Timeline.Mark("stopping redis-server");
        await redis.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        hubs.Timeline.Mark("redis-server stopped");
        var pairs = new List<TimeSpan>();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < Outage)
        {
            var t = Stopwatch.StartNew();
            var ackA = await PublishAsync(anaOnA, SampleBuilder.Steady(++anaSeq, Now, 1, TimeSpan.Zero));
            var ackB = await PublishAsync(benOnB, SampleBuilder.Steady(++benSeq, Now, 1, TimeSpan.Zero));
            pairs.Add(t.Elapsed);
            Assert.Equal(anaSeq, ackA.UpTo);
            Assert.Equal(benSeq, ackB.UpTo);
            // Waits for an effect (local fan-out), sized for a loaded machine; the speed claim is the median pair below.
            await seenA.FirstAsync(s => s.RunnerId == ana.RunnerId && s.Seq == anaSeq);
            await seenB.FirstAsync(s => s.RunnerId == ben.RunnerId && s.Seq == benSeq);
            await Task.Delay(200, TestContext.Current.CancellationToken); // pacing of a live runner, not a wait for an effect
        }

        // A connected coach can re-watch during the outage (Watch needs no Redis).
        var rewatch = await coachA.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken)
            .WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var probe = await ProbeNewRunnerConnectionAsync(hubs.A, ana.RunnerToken);
        hubs.Timeline.Mark($"new runner connection on A during the outage: {probe}");
        var lastDuringOutage = anaSeq;
        await redis.StartAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        hubs.Timeline.Mark("redis-server started");
        var recovered = Stopwatch.StartNew();
        var back = false;
        while (!back && recovered.Elapsed < TimeSpan.FromSeconds(20))
        {
            await PublishAsync(anaOnA, SampleBuilder.Steady(++anaSeq, Now, 1, TimeSpan.Zero));
            try
            {
                await seenB.FirstAsync(s => s.RunnerId == ana.RunnerId && s.Seq > lastDuringOutage, TimeSpan.FromMilliseconds(500));
                back = true;
            }
            catch (OperationCanceledException)
            {
            }
        }

        hubs.Timeline.Mark($"samples back across nodes: {back}");
        // The backplane is back too: a cue from the coach on B reaches the runner on A.
        var cues = new Inbox<CueMessage>();
        anaOnA.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        CueMessage? cue = null;
        // SignalR's backplane has its own multiplexer, which may come back after the session bus (within about a second of
        // Redis returning, at load 20-30): a cue sent before it resubscribed is lost, so the test sends another after each
        // read that timed out. The bound is a deadline, not a count of attempts, with room for a loaded CI machine.
        var cueDeadline = Stopwatch.StartNew();
        while (cue is null && cueDeadline.Elapsed < CueDeadline)
        {
            try
            {
                await coachB.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = ana.RunnerId, Text = "Tall hips" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
                hubs.Timeline.Mark("cue sent");
                cue = await cues.NextAsync(TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
                // Not through yet (the backplane's multiplexer may still be resubscribing): send another.
            }
        }

        hubs.Timeline.Mark($"cue arrived: {cue is not null}");
        if (cue is null)
        {
            // Which of the backplane's channels Redis itself holds subscribers for: tells a subscription the reconnect
            // did not restore (the runner's group channel missing) from a publish or a delivery that fails.
            hubs.Timeline.Mark($"redis-server's channels: {await RedisChannelsAsync(redis.ConnectionString, RunnerGroupChannel(session.SessionId, ana.RunnerId))}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(hubs.Timeline.ToString());
        var probeAfter = await ProbeNewRunnerConnectionAsync(hubs.A, ana.RunnerToken); // the backplane delivered the cue: it is back

        Assert.True(hubs.A.Services.GetRequiredService<RedisSessionBus>().Dropped > 0, "hub A never saw Redis go away");
        Assert.Equal(lastDuringOutage, rewatch.Runners.Single(r => r.RunnerId == ana.RunnerId).LastSeq);
        // A new connection during the outage subscribes to the backplane while the multiplexer reconnects: seen both
        // succeeding and being closed at once ("Websocket closed with error", on a loaded machine). What must hold: it
        // fails fast rather than hanging (bound: HubTestHost.Timeout), and it succeeds once Redis is back.
        Assert.False(probe.StartsWith(nameof(TimeoutException), StringComparison.Ordinal), $"new connection during the outage hung: {probe}");
        Assert.Equal("probe", probeAfter);
        // A publish path that waited for Redis would pay the multiplexer's 2 s timeout on every publish, so every pair
        // would take >= 2 s. The median is the claim; a single slow pair on a loaded CI machine is not a Redis wait.
        pairs.Sort();
        var median = pairs[pairs.Count / 2];
        Assert.True(median < AckTimeout / 2, $"median publish pair during the outage took {median} (slowest {pairs[^1]}, {pairs.Count} pairs)");
        Assert.True(anaSeq - 1 >= Outage.TotalSeconds, "runners kept publishing through the outage");
        Assert.True(back, $"coach on hub B received no sample of hub A's runner within {recovered.Elapsed} after Redis returned");
        Assert.True(cue is not null, $"no cue from the coach on hub B reached the runner on hub A within {cueDeadline.Elapsed} after the samples were back; Redis timeline:{Environment.NewLine}{hubs.Timeline}");
        Assert.Equal("Tall hips", cue.Text);
    }

    [Fact]
    public async Task ReplayAndExport_FromEitherHub_Identical()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var ben = await hubs.B.JoinAsync(session.JoinCode, "Ben, \"the\" runner");
        var anaOnA = await hubs.A.ConnectAsync(ana.RunnerToken);
        var benOnB = await hubs.B.ConnectAsync(ben.RunnerToken);
        var cues = new Inbox<CueMessage>();
        anaOnA.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        var coachA = await hubs.A.ConnectAsync(session.CoachToken);
        var coachB = await hubs.B.ConnectAsync(session.CoachToken);
        var start = Now - 60_000;
        await PublishAsync(anaOnA, SampleBuilder.Steady(1, start, 20, TimeSpan.FromMilliseconds(500)));
        await PublishAsync(anaOnA, SampleBuilder.Steady(21, start + 10_000, 5, TimeSpan.FromMilliseconds(500), heartRateBpm: 195));
        await PublishAsync(benOnB, SampleBuilder.Steady(1, start, 25, TimeSpan.FromMilliseconds(500)));
        // A coach on B cues a runner connected to A: over the backplane.
        await coachB.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = ana.RunnerId, Text = "Drive the ground away" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var cue = await cues.NextAsync();
        await WaitForRecordedAsync(hubs.B, session.SessionId, "alerts", session.CoachToken);
        await WaitForRecordedAsync(hubs.A, session.SessionId, "cues", session.CoachToken);

        var csvA = await GetAsync(hubs.A, $"/api/sessions/{session.SessionId}/export.csv");
        var csvB = await GetAsync(hubs.B, $"/api/sessions/{session.SessionId}/export.csv");
        // The session's tick may still record an alert (or clear one) between the two reads: read both again until
        // they are taken from the same state of the recording; a real difference never converges and fails below.
        var replayA = await ReplayAsync(coachA, session.SessionId);
        var replayB = await ReplayAsync(coachB, session.SessionId);
        for (var attempt = 0; attempt < 10 && ScaleOutHubs.Json(replayA) != ScaleOutHubs.Json(replayB); attempt++)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            replayA = await ReplayAsync(coachA, session.SessionId);
            replayB = await ReplayAsync(coachB, session.SessionId);
        }

        Assert.Equal("Drive the ground away", cue.Text);
        Assert.Equal(1 + 50, csvA.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(csvA, csvB);
        Assert.Equal(50, replayA.Count(e => e.Kind == ReplayEventKind.Sample));
        Assert.Contains(replayA, e => e.Kind == ReplayEventKind.Alert);
        Assert.Contains(replayA, e => e.Kind == ReplayEventKind.Cue);
        Assert.Equal(ScaleOutHubs.Json(replayA), ScaleOutHubs.Json(replayB));
    }

    [Fact]
    public async Task Publish_RunnerMovesBetweenHubs_AckContinuesAndEachSampleRecordedOnce()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        var ana = await hubs.A.JoinAsync(session.JoinCode, "Ana");
        var start = Now;

        // B first (its memory says 5), then A records 6..10, then back on B with 11..15 and a resend of 9..10.
        var onB = await hubs.B.ConnectAsync(ana.RunnerToken);
        var first = await PublishAsync(onB, SampleBuilder.Steady(1, start, 5, TimeSpan.FromSeconds(1)));
        await onB.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var onA = await hubs.A.ConnectAsync(ana.RunnerToken);
        var second = await PublishAsync(onA, SampleBuilder.Steady(6, start + 5000, 5, TimeSpan.FromSeconds(1)));
        await onA.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var backOnB = await hubs.B.ConnectAsync(ana.RunnerToken);
        var third = await PublishAsync(backOnB, SampleBuilder.Steady(9, start + 8000, 7, TimeSpan.FromSeconds(1)));
        var csv = await GetAsync(hubs.A, $"/api/sessions/{session.SessionId}/export.csv");

        Assert.Equal(5, first.UpTo);
        Assert.Equal(10, second.UpTo);
        Assert.Equal(15, third.UpTo);
        Assert.Equal(5, third.Accepted);
        Assert.Equal(2, third.Duplicates);
        var seqs = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => long.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task End_SessionEndedOnHubA_HubBStopsAcceptingItsJoinCode()
    {
        await using var hubs = await ScaleOutHubs.StartAsync(redis, postgres);
        var session = await hubs.A.CreateSessionAsync();
        await hubs.B.JoinAsync(session.JoinCode, "Ana"); // hub B now holds the session in memory

        using (var end = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.SessionId}/end"))
        {
            end.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.CoachToken);
            using var ended = await hubs.A.Http.SendAsync(end, TestContext.Current.CancellationToken);
            ended.EnsureSuccessStatusCode();
        }

        var status = System.Net.HttpStatusCode.OK;
        await Polling.WaitUntilAsync(
            async ct =>
            {
                using var join = await hubs.B.Http.PostAsJsonAsync(
                    "/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = "Late" }, ct);
                status = join.StatusCode;
                return status != System.Net.HttpStatusCode.OK;
            },
            () => $"node B still answers joins with {status}",
            HubTestHost.Timeout,
            TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, status);
    }

    private static async Task<string> ProbeNewRunnerConnectionAsync(HubTestHost host, string token)
    {
        try
        {
            var connection = host.CreateConnection(token);
            await connection.StartAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
            await connection.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
            return "probe";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    /// <summary>The backplane's Redis channel of a runner's cue group (its prefix, the hub's type, the group).</summary>
    private static string RunnerGroupChannel(string sessionId, string runnerId) =>
        $"mml-signalr{typeof(MindMuscle.Live.Hub.Live.LiveHub).FullName}:group:{MindMuscle.Live.Hub.Live.HubCueDelivery.RunnerGroup(sessionId, runnerId)}";

    private static async Task<string> RedisChannelsAsync(string configuration, string groupChannel)
    {
        try
        {
            await using var mux = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration);
            var server = mux.GetServer(mux.GetEndPoints()[0]);
            var channels = await server.ExecuteAsync("PUBSUB", "CHANNELS", "*");
            var patterns = await server.ExecuteAsync("PUBSUB", "NUMPAT");
            // How many connections Redis delivers the runner's group to (1: hub A's backplane).
            var group = (StackExchange.Redis.RedisResult[])(await server.ExecuteAsync("PUBSUB", "NUMSUB", groupChannel))!;
            return $"[{string.Join(", ", ((StackExchange.Redis.RedisResult[])channels!).Select(c => c.ToString()))}], {patterns} pattern subscriptions, "
                + $"{group[1]} subscriber(s) of {groupChannel}";
        }
        catch (StackExchange.Redis.RedisException ex)
        {
            return $"not read ({ex.Message})";
        }
    }

    private static void Collect(SamplesFrame frame, Inbox<(string RunnerId, long Seq)> inbox)
    {
        foreach (var r in frame.Runners)
        {
            foreach (var s in r.Samples)
            {
                inbox.Add((r.RunnerId, s.Seq));
            }
        }
    }

    private static async Task<PublishAck> PublishAsync(HubConnection runner, IEnumerable<MetricSample> samples) =>
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [.. samples] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken)
            .WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

    private static async Task<Dictionary<string, List<long>>> CollectAsync(Inbox<(string RunnerId, long Seq)> seen, string[] runners, int each)
    {
        var received = runners.ToDictionary(r => r, _ => new List<long>(), StringComparer.Ordinal);
        while (received.Values.Any(l => l.Count < each))
        {
            var (runnerId, seq) = await seen.NextAsync();
            received[runnerId].Add(seq);
        }

        return received;
    }

    private static async Task<string> GetAsync(HubTestHost host, string path)
    {
        using var request = HubTestHost.Get(path, coachKey: true);
        using var response = await host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    // Alerts and cue statuses are recorded in the background: wait until the store has them before comparing.
    private static async Task WaitForRecordedAsync(HubTestHost host, string sessionId, string what, string coachToken)
    {
        await Polling.WaitUntilAsync(
            async ct =>
            {
                using var request = HubTestHost.Get($"/api/sessions/{sessionId}/{what}", bearer: coachToken);
                using var response = await host.Http.SendAsync(request, ct);
                return (await response.Content.ReadAsStringAsync(ct)).Contains("runnerId", StringComparison.Ordinal);
            },
            () => $"no {what} recorded for session {sessionId}",
            HubTestHost.Timeout,
            TestContext.Current.CancellationToken);
    }

    private static async Task<List<ReplayEvent>> ReplayAsync(HubConnection coach, string sessionId)
    {
        var events = new List<ReplayEvent>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(HubTestHost.Timeout);
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, sessionId, 0.0, 0L, cts.Token))
        {
            events.Add(e);
        }

        return events;
    }
}
