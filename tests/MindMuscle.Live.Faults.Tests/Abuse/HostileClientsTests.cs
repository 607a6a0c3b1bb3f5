using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using static MindMuscle.Live.TestKit.Waiting.Polling;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>
/// Issue 9 item 4: hostile clients fire at once while a healthy runner publishes over SignalR and a healthy coach
/// watches. Each abuse must end in a typed error, a disconnection or a 429, show on the hub's counters, leave the
/// healthy clients' latency bounded, and leave nothing bad in the recording. (A coach that never reads is
/// <c>tests/MindMuscle.Live.Hub.Tests/FanOut/StalledCoachTests.cs</c>; single-abuse cases already proven in
/// Hub.Tests Auth/ and Ingest/ are not repeated one by one, they are fired together here.)
/// </summary>
[Collection(Soak.AloneCollection.Name)]
public sealed class HostileClientsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // The flood: 1,000 single-sample batches per second for 3 s, seqs 1..3,000 (the hub's default limit lets 200 at
    // once and 50/s through, and refuses the rest), then seqs 3,001..3,100 over SignalR.
    private const int FloodBatches = 3_000;
    private const int FloodPerSecond = 1_000;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Abuse_SeveralHostileClientsAtOnce_RefusedCountedHealthyClientsUnaffectedRecordingIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = InProcessHub.Start();
        var session = await CreateSessionAsync(hub, "abuse A", ct);
        var other = await CreateSessionAsync(hub, "abuse B", ct);
        var healthy = await JoinAsync(hub, session.JoinCode, "healthy", ct);
        var flooder = await JoinAsync(hub, session.JoinCode, "flooder", ct);
        var hostile = await JoinAsync(hub, session.JoinCode, "hostile", ct);

        // Healthy clients: a runner publishing at 10 Hz over SignalR, a coach watching the session.
        await using var coach = Connect(hub, session.CoachToken);
        var frameTimes = new ConcurrentQueue<long>();
        var clock = Stopwatch.StartNew();
        coach.On<SamplesFrame>(LiveHubContract.Samples, _ => frameTimes.Enqueue(clock.ElapsedMilliseconds));
        await coach.StartAsync(ct).WaitAsync(Step, ct);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct);
        await using var runner = Connect(hub, healthy.RunnerToken);
        await runner.StartAsync(ct).WaitAsync(Step, ct);
        using var healthyStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var baselineAcks = new List<double>();
        var abuseAcks = new List<double>();
        var currentAcks = baselineAcks;
        long healthySeq = 0;
        var healthyLoop = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await NextTickAsync(tick, healthyStop.Token))
            {
                var seq = healthySeq + 1;
                var started = Stopwatch.GetTimestamp();
                var ack = await runner.InvokeAsync<PublishAck>(
                    LiveHubContract.Publish, new SampleBatch { Samples = [Sample(seq)] }, ct).WaitAsync(Step, ct);
                lock (baselineAcks)
                {
                    currentAcks.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                Assert.Equal(seq, ack.UpTo);
                healthySeq = seq;
            }
        }, ct);

        // Two seconds of calm for a baseline.
        await WaitUntilAsync(() => { lock (baselineAcks) { return baselineAcks.Count >= 20; } }, Step, ct);
        lock (baselineAcks)
        {
            currentAcks = abuseAcks;
        }

        var abuseStarted = clock.ElapsedMilliseconds;
        var floodOutcome = new FloodOutcome();

        // Act: every abuse at once.
        var abuses = await Task.WhenAll(
            Named("10 MB message", () => HugeMessageAsync(hub, hostile.RunnerToken, ct)),
            Named("connection burst", () => ConnectionBurstAsync(hub, 10_000, ct)),
            Named("1,000 batches/s flood", () => FloodAsync(hub, flooder.RunnerToken, floodOutcome, ct)),
            Named("hostile values and seqs", () => HostileBatchesAsync(hub, hostile.RunnerToken, ct)),
            Named("bad tokens", () => BadTokensAsync(hub, session, healthy.RunnerToken, ct)),
            Named("wrong role / cross-session", () => WrongRoleAsync(hub, session, other, healthy.RunnerToken, ct)),
            Named("join brute force", () => BruteForceJoinAsync(hub, ct)));
        var abuseEnded = clock.ElapsedMilliseconds;

        // A second of calm after, then stop the healthy runner.
        var afterAbuse = healthySeq;
        await WaitUntilAsync(() => healthySeq >= afterAbuse + 10, Step, ct);
        await healthyStop.CancelAsync();
        await healthyLoop.WaitAsync(Step, ct);

        // Assert: each abuse was refused as it should be (the abuse helpers assert their own answers).
        foreach (var (name, summary, elapsed) in abuses)
        {
            output.WriteLine($"{name}: {summary} ({elapsed.TotalSeconds:0.0} s)");
        }

        // Healthy runner: acks kept flowing with a bounded p95; healthy coach: frames kept coming during the abuse.
        var p95Base = Percentile(baselineAcks, 0.95);
        var p95Abuse = Percentile(abuseAcks, 0.95);
        var frames = frameTimes.ToArray();
        var framesDuring = frames.Where(t => t >= abuseStarted && t <= abuseEnded).ToArray();
        var maxGap = framesDuring.Zip(framesDuring.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
        output.WriteLine($"healthy runner: {healthySeq} acks; p95 {p95Base:0} ms calm, {p95Abuse:0} ms under abuse ({abuseAcks.Count} acks, max {abuseAcks.DefaultIfEmpty(0).Max():0} ms)");
        output.WriteLine($"healthy coach: {frames.Length} frames, {framesDuring.Length} during {abuseEnded - abuseStarted} ms of abuse, longest gap {maxGap} ms");
        Assert.True(abuseAcks.Count >= 10, $"only {abuseAcks.Count} healthy acks during the abuse");
        Assert.True(p95Abuse < 2_000, $"healthy runner's ack p95 under abuse was {p95Abuse:0} ms");
        Assert.True(framesDuring.Length >= 5, $"healthy coach got {framesDuring.Length} frames during the abuse");
        Assert.True(maxGap < 3_000, $"healthy coach waited {maxGap} ms for a frame during the abuse");

        // Counters show it.
        foreach (var (key, value) in hub.Totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"counter {key} = {value}");
        }

        Assert.True(hub.Total("mml.hub.samples.rejected/observedAt") >= 1);
        Assert.True(hub.Total("mml.hub.samples.rejected/seqOrder") >= 1);
        Assert.True(hub.Total("mml.hub.samples.rejected/seq") >= 1);
        Assert.True(hub.Total("mml.hub.samples.rejected/outOfRange") >= 1);
        Assert.True(hub.Total("mml.hub.samples.rejected/notFinite") >= 1);
        Assert.True(hub.Total("mml.hub.samples.rejected/batchTooLarge") >= 1);
        Assert.True(hub.Total("mml.hub.samples.duplicates") >= 1);
        Assert.True(hub.Total("aspnetcore.rate_limiting.requests/endpoint_limiter") >= 1, "join refusals counted by the rate limiter");
        Assert.Equal(floodOutcome.Refused, hub.Total("mml.hub.samples.rejected/rateLimited"));

        // Connections: the hostile ones are gone, the two healthy ones remain.
        await WaitUntilAsync(() => hub.Total("mml.hub.connections/coach") + hub.Total("mml.hub.connections/runner") == 2, Step, ct);

        // Nothing bad recorded: the healthy runner 1..N (never refused), the flooder exactly the seqs of its acked
        // batches (nothing of a refused one), the hostile runner nothing beyond its one valid batch, and no NaN/Infinity
        // in the CSV export.
        var recorded = RecordedSeqs(hub.DataPath, session.SessionId);
        Assert.Equal(Enumerable.Range(1, (int)healthySeq).Select(i => (long)i), recorded[healthy.RunnerId]);
        var flood = abuses.Single(a => a.Name.Contains("flood", StringComparison.Ordinal));
        Assert.Equal(floodOutcome.AcceptedSeqs, recorded[flooder.RunnerId]);
        Assert.True(recorded[flooder.RunnerId].Count < FloodBatches, "the flood was recorded in full: nothing was refused");
        Assert.Equal([1L], recorded.GetValueOrDefault(hostile.RunnerId) ?? []);
        Assert.False(recorded.ContainsKey("") || recorded.Keys.Any(k => k != healthy.RunnerId && k != flooder.RunnerId && k != hostile.RunnerId));
        Assert.Empty(RecordedSeqs(hub.DataPath, other.SessionId));
        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/export.csv");
        csvRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.CoachToken);
        using var csv = await hub.Http.SendAsync(csvRequest, ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvText = await csv.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("NaN", csvText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Infinity", csvText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(",-", csvText, StringComparison.Ordinal);
        output.WriteLine($"recorded: healthy {recorded[healthy.RunnerId].Count}, flooder {recorded[flooder.RunnerId].Count} ({flood.Summary}), hostile 1; CSV {csvText.Length} chars, no NaN/Infinity/negatives");
    }

    /// <summary>A ~10 MB Publish over SignalR: above the hub's 1 MB MaximumReceiveMessageSize, the connection is closed.</summary>
    private static async Task<string> HugeMessageAsync(InProcessHub hub, string token, CancellationToken ct)
    {
        await using var connection = Connect(hub, token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await connection.StartAsync(ct).WaitAsync(Step, ct);
        var rr = Enumerable.Repeat(812.345678901, 32).ToArray();
        var samples = Enumerable.Range(1, 20_000).Select(i => Sample(i) with { RrIntervalsMs = rr }).ToArray();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, ct).WaitAsync(Step, ct));
        var closeError = await closed.Task.WaitAsync(Step, ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        return $"invoke failed ({error.GetType().Name}), connection closed by the hub ({closeError?.GetType().Name ?? "no error"}: {closeError?.Message})";
    }

    /// <summary>Fresh TCP connections (Connection: close), each a negotiate without a token: 401 each, all served.</summary>
    private static async Task<string> ConnectionBurstAsync(InProcessHub hub, int attempts, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.Zero };
        using var client = new HttpClient(handler) { BaseAddress = hub.BaseAddress, Timeout = Step };
        var statuses = new ConcurrentDictionary<string, int>();
        var next = -1;
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 128).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < attempts)
            {
                string outcome;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"{LiveHubContract.Path}/negotiate?negotiateVersion=1");
                    request.Headers.ConnectionClose = true;
                    using var response = await client.SendAsync(request, ct);
                    outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException ex)
                {
                    outcome = $"error:{ex.HttpRequestError}";
                }

                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }, ct)));

        // Every attempt got the hub's answer (401: negotiate needs a token); none hung, none reset.
        Assert.Equal(attempts, statuses.GetValueOrDefault("401"));
        return $"{attempts} connections in {started.Elapsed.TotalSeconds:0.0} s ({attempts / started.Elapsed.TotalSeconds:0}/s): " +
               string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}"));
    }

    /// <summary>
    /// A runner firing 1,000 single-sample batches per second over HTTP ingest (8 in flight), with repeats, then 100
    /// back to back over SignalR: beyond its burst the hub refuses them (429 / HubException "Rate limited"), and what
    /// it says is what the relay's uplink reads as "wait and resend".
    /// </summary>
    private static async Task<string> FloodAsync(InProcessHub hub, string token, FloodOutcome outcome, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = hub.BaseAddress, Timeout = Step };
        var next = 0L;
        long ok = 0, refused = 0, duplicates = 0, other = 0;
        var latencies = new ConcurrentBag<double>();
        var retryAfter = new ConcurrentBag<long>();
        var clock = Stopwatch.StartNew();
        const long total = FloodBatches;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) <= total)
            {
                // Paced to 1,000/s: batch i leaves no earlier than i ms after the start.
                var due = TimeSpan.FromSeconds(i / (double)FloodPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }

                // Every 10th batch repeats an older seq along with the new one (a resend after a lost ack).
                MetricSample[] samples = i % 10 == 0 && i > 5 ? [Sample(i - 5), Sample(i)] : [Sample(i)];
                var started = Stopwatch.GetTimestamp();
                using var response = await PostIngestAsync(client, token, new SampleBatch { Samples = samples }, ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var ack = (await response.Content.ReadFromJsonAsync<PublishAck>(ct))!;
                    Interlocked.Increment(ref ok);
                    Interlocked.Add(ref duplicates, ack.Duplicates);
                    outcome.Accepted(samples);
                }
                else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Typed: problem+json naming the reason and the wait, Retry-After for HTTP clients.
                    var problem = (await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(ct))!;
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal("rateLimited", problem["reason"].GetString());
                    Assert.Contains("nothing of this batch was recorded", problem["detail"].GetString(), StringComparison.Ordinal);
                    Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
                    retryAfter.Add(problem["retryAfterMs"].GetInt64());
                    Interlocked.Increment(ref refused);
                }
                else
                {
                    Interlocked.Increment(ref other);
                }
            }
        }, ct)));
        var elapsed = clock.Elapsed;

        // The same runner over SignalR (MessagePack, as the relay talks): its budget is the one HTTP spent.
        await using var connection = Connect(hub, token, messagePack: true);
        await connection.StartAsync(ct).WaitAsync(Step, ct);
        long hubOk = 0, hubRefused = 0;
        for (var i = total + 1; i <= total + 100; i++)
        {
            try
            {
                await connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [Sample(i)] }, ct).WaitAsync(Step, ct);
                hubOk++;
                outcome.Accepted([Sample(i)]);
            }
            catch (HubException ex)
            {
                // What the relay's uplink sees: it must read it as "rate limited, wait this long, resend" (never a failure).
                Assert.True(MindMuscle.Live.Relay.Uplink.HubRateLimit.TryGetRetryAfter(ex, out var wait), ex.Message);
                Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
                Assert.Contains("nothing of this batch was recorded", ex.Message, StringComparison.Ordinal);
                hubRefused++;
            }
        }

        Assert.Equal(HubConnectionState.Connected, connection.State);
        outcome.Refused = refused + hubRefused;
        outcome.HubRefused = hubRefused;
        Assert.Equal(0, other);
        Assert.Equal(total, ok + refused);

        // The burst (200) and the refill (50/s) went through; the rest of 1,000/s did not.
        Assert.InRange(ok, 200, 200 + (50 * (long)Math.Ceiling(elapsed.TotalSeconds + 1)));
        Assert.True(refused >= total / 2, $"only {refused} of {total} refused");
        Assert.True(hubRefused >= 1, "no SignalR publish refused right after the flood");
        Assert.True(duplicates >= 1, "resent seqs acknowledged as duplicates");
        return $"{total} batches in {elapsed.TotalSeconds:0.0} s over HTTP: {ok} acked, {refused} × 429 rateLimited (retryAfterMs {retryAfter.DefaultIfEmpty(0).Min()}-{retryAfter.DefaultIfEmpty(0).Max()}), " +
               $"{duplicates} resent samples deduplicated, ingest p95 {Percentile([.. latencies], 0.95):0} ms; then 100 over SignalR: {hubOk} acked, {hubRefused} × HubException rateLimited";
    }

    /// <summary>What the flood got through: the seqs of every acked batch (a refused batch records nothing).</summary>
    private sealed class FloodOutcome
    {
        private readonly ConcurrentDictionary<long, byte> _accepted = new();

        public long Refused { get; set; }

        public long HubRefused { get; set; }

        public IEnumerable<long> AcceptedSeqs => _accepted.Keys.Order();

        public void Accepted(MetricSample[] samples)
        {
            foreach (var s in samples)
            {
                _accepted[s.Seq] = 0;
            }
        }
    }

    /// <summary>Out-of-order, repeated, zero, far-future seqs/times, NaN/±Infinity/negatives, oversize: typed 400s.</summary>
    private static async Task<string> HostileBatchesAsync(InProcessHub hub, string token, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var refused = new Dictionary<string, int>(StringComparer.Ordinal);

        // One valid batch first so "nothing bad recorded" has something to keep.
        using (var first = await PostIngestAsync(client, token, new SampleBatch { Samples = [Sample(1)] }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var batches = new (string Expect, SampleBatch Batch)[]
        {
            ("seqOrder", new SampleBatch { Samples = [Sample(5), Sample(4)] }),
            ("seqOrder", new SampleBatch { Samples = [Sample(6), Sample(6)] }),
            ("seq", new SampleBatch { Samples = [Sample(0)] }),
            ("seq", new SampleBatch { Samples = [Sample(-3)] }),
            ("observedAt", new SampleBatch { Samples = [Sample(7) with { ObservedAt = Now + (long)TimeSpan.FromDays(365).TotalMilliseconds }] }),
            ("observedAt", new SampleBatch { Samples = [Sample(7) with { ObservedAt = 0 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { SpeedMps = -1 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { HeartRateBpm = -60 }] }),
            ("outOfRange", new SampleBatch { Samples = [Sample(7) with { DistanceM = -0.5 }] }),
            ("batchTooLarge", new SampleBatch { Samples = [.. Enumerable.Range(2, 501).Select(i => Sample(i))] }),
        };
        foreach (var (expect, batch) in batches)
        {
            using var response = await PostIngestAsync(client, token, batch, ct);
            var problem = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>(ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(expect, problem!["reason"].GetString());
            Assert.Contains("Nothing of the batch was recorded", problem["detail"].GetString(), StringComparison.Ordinal);
            refused[expect] = refused.GetValueOrDefault(expect) + 1;
        }

        // JSON cannot carry NaN or infinities: literal tokens are a malformed-body 400 naming the field's path.
        foreach (var literal in new[] { "NaN", "Infinity", "-Infinity", "\"NaN\"", "1e999" })
        {
            var body = $$"""{"samples":[{"seq":8,"observedAt":{{Now}},"speedMps":{{literal}}}]}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, ct);
            var detail = await response.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("speedMps", detail, StringComparison.Ordinal);

            // Either the body does not parse (malformed JSON at $.samples[0].speedMps) or it parses to a non-finite
            // double and the validator names it (notFinite): both typed, both nothing recorded.
            var reason = detail.Contains("\"reason\":\"notFinite\"", StringComparison.Ordinal) ? "notFinite" : "malformed";
            refused[$"json {literal} ({reason})"] = 1;
        }

        // MessagePack does carry them: the validator's notFinite, as a HubException naming the field.
        await using var mp = Connect(hub, token, messagePack: true);
        await mp.StartAsync(ct).WaitAsync(Step, ct);
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => mp.InvokeAsync<PublishAck>(
                LiveHubContract.Publish, new SampleBatch { Samples = [Sample(9) with { CadenceSpm = bad }] }, ct).WaitAsync(Step, ct));
            Assert.Contains("samples[0].cadenceSpm", error.Message, StringComparison.Ordinal);
            refused["msgpack " + bad] = 1;
        }

        return $"{refused.Values.Sum()} hostile batches refused: " + string.Join(", ", refused.Select(kv => $"{kv.Key}×{kv.Value}"));
    }

    /// <summary>Forged (another key), expired and tampered JWTs, over HTTP and the hub's negotiate: 401 each.</summary>
    private static async Task<string> BadTokensAsync(InProcessHub hub, CreateSessionResponse session, string runnerToken, CancellationToken ct)
    {
        var claims = new Dictionary<string, object>
        {
            [LiveHubContract.Claims.Role] = LiveHubContract.Roles.Coach,
            [LiveHubContract.Claims.SessionId] = session.SessionId,
        };
        var forged = Mint(claims, RandomKey(), DateTime.UtcNow.AddHours(1));
        var expired = Mint(claims, InProcessHub.SigningKey, DateTime.UtcNow.AddMinutes(-5));

        // Tampered: the runner's own valid token with its role flipped to coach, signature kept.
        var parts = runnerToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"runner\"", "\"coach\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.NotEqual(runnerToken, tampered);

        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var count = 0;
        foreach (var token in new[] { forged, expired, tampered, "not-a-jwt", "" })
        {
            using (var samples = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/samples"))
            {
                samples.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(samples, ct);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            using (var ingest = await PostIngestAsync(client, token, new SampleBatch { Samples = [Sample(1)] }, ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, ingest.StatusCode);
            }

            await using var connection = Connect(hub, token);
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(ct).WaitAsync(Step, ct));
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
            count += 3;
        }

        return $"{count} requests with forged/expired/tampered/garbage/empty tokens: 401 each (REST, ingest, hub negotiate)";
    }

    /// <summary>Runner calling coach methods, coach publishing, a coach of B reaching into A: HubException / 403.</summary>
    private static async Task<string> WrongRoleAsync(
        InProcessHub hub, CreateSessionResponse session, CreateSessionResponse other, string runnerToken, CancellationToken ct)
    {
        await using var runner = Connect(hub, runnerToken);
        await runner.StartAsync(ct).WaitAsync(Step, ct);
        await using var coachB = Connect(hub, other.CoachToken);
        await coachB.StartAsync(ct).WaitAsync(Step, ct);

        var watch = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", watch.Message, StringComparison.Ordinal);
        var cue = await Assert.ThrowsAsync<HubException>(() => runner.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { Text = "stop" }, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", cue.Message, StringComparison.Ordinal);
        var publish = await Assert.ThrowsAsync<HubException>(() => coachB.InvokeAsync<PublishAck>(
            LiveHubContract.Publish, new SampleBatch { Samples = [Sample(1)] }, ct).WaitAsync(Step, ct));
        Assert.Contains("Forbidden", publish.Message, StringComparison.Ordinal);
        var cross = await Assert.ThrowsAsync<HubException>(() => coachB.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, ct).WaitAsync(Step, ct));
        Assert.Contains("another session", cross.Message, StringComparison.Ordinal);

        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        foreach (var path in new[] { $"/api/sessions/{session.SessionId}/samples", $"/api/sessions/{session.SessionId}/export.csv" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other.CoachToken);
            using var response = await client.SendAsync(request, ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // Still connected: a refused call is an error on that call, not a reason to drop a legitimate connection.
        Assert.Equal(HubConnectionState.Connected, runner.State);
        return "4 hub calls refused (runner Watch/SendCue, coach Publish, coach of B watching A), 2 cross-session REST reads 403";
    }

    /// <summary>Guessing join codes from one address: 404 until the limiter's budget is spent, then 429 with Retry-After.</summary>
    private static async Task<string> BruteForceJoinAsync(InProcessHub hub, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var statuses = new Dictionary<HttpStatusCode, int>();
        string? retryAfter = null;
        for (var i = 0; i < 100; i++)
        {
            var code = string.Concat(Enumerable.Range(0, 8).Select(_ => "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[Random.Shared.Next(31)]));
            using var response = await client.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = code, RunnerName = "guess" }, ct);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                retryAfter ??= response.Headers.RetryAfter?.ToString();
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(100, statuses.GetValueOrDefault(HttpStatusCode.NotFound) + statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests) >= 70, "the 30-per-minute budget (3 used by the real joins) is spent");
        Assert.NotNull(retryAfter);
        return $"100 guesses: {statuses.GetValueOrDefault(HttpStatusCode.NotFound)}×404, {statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests)}×429 (Retry-After {retryAfter} s)";
    }

    private static async Task<(string Name, string Summary, TimeSpan Elapsed)> Named(string name, Func<Task<string>> abuse)
    {
        var started = Stopwatch.StartNew();
        var summary = await Task.Run(abuse);
        return (name, summary, started.Elapsed);
    }

    private static MetricSample Sample(long seq) => new() { Seq = seq, ObservedAt = Now, HeartRateBpm = 150, CadenceSpm = 178, SpeedMps = 4.1 };

    private static HubConnection Connect(InProcessHub hub, string token, bool messagePack = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(hub.BaseAddress, LiveHubContract.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical));
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        return builder.Build();
    }

    private static async Task<HttpResponseMessage> PostIngestAsync(HttpClient client, string token, SampleBatch batch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ingest") { Content = JsonContent.Create(batch) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, ct);
    }

    private static async Task<CreateSessionResponse> CreateSessionAsync(InProcessHub hub, string name, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(new CreateSessionRequest { Name = name }) };
        request.Headers.Add(AuthExtensions.CoachKeyHeader, InProcessHub.CoachKey);
        using var response = await hub.Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreateSessionResponse>(ct))!;
    }

    private static async Task<JoinResponse> JoinAsync(InProcessHub hub, string code, string name, CancellationToken ct)
    {
        using var response = await hub.Http.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = code, RunnerName = name }, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JoinResponse>(ct))!;
    }

    private static string Mint(Dictionary<string, object> claims, byte[] key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    private static byte[] RandomKey() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static Dictionary<string, List<long>> RecordedSeqs(string dataPath, string sessionId) =>
        TestKit.Recording.RecordingFile.RecordedSeqs(dataPath, sessionId);
}
