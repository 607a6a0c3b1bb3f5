using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Faults.Tests.Support;
using MindMuscle.Live.TestKit.Hosting;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Faults.Tests.Soak;

/// <summary>
/// The built hub as a child process under a steady load of SignalR runners at 4 Hz and a few coaches.
/// Its resident memory must stay flat after warm-up (≤ 10 % growth), its descriptors and threads must come back when
/// the clients leave, and every runner's recording must be exactly 1..N. CI: 150 runners for 60 s. MML_SOAK=1 or
/// MML_LONG_TESTS=1: 500 runners for 30 minutes (MML_SOAK_MINUTES shortens it), warm-up the first sixth.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    // Descriptors a hub may fairly keep after its first session: the session's SQLite files (db, -wal, -shm) opened by
    // the recorder and readers, and a few runtime handles created on first use. A leak of one per client is ≥ 150.
    private const int FdSlack = 16;
    private readonly string _data = Directory.CreateTempSubdirectory("mml-soak-").FullName;
    private HubChildProcess _hub = null!;

    private static bool Long => Environment.GetEnvironmentVariable("MML_SOAK") == "1" || Support.LongTests.Enabled;

    /// <summary>Length of the long variant: 30 minutes, or MML_SOAK_MINUTES for a shorter look at the same load.</summary>
    private static double LongMinutes =>
        double.TryParse(Environment.GetEnvironmentVariable("MML_SOAK_MINUTES"), System.Globalization.CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hub = await ChildHub.StartAsync(_data, Ct);

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder later.
        }
    }

    [Fact]
    public async Task Soak_RunnersAt4HzAndCoaches_RssFlatNoLeakZeroLoss()
    {
        var runnerCount = Long ? 500 : 150;
        var coachCount = Long ? 5 : 3;
        var duration = Long ? TimeSpan.FromMinutes(LongMinutes) : TimeSpan.FromSeconds(60);
        var warmUp = Long ? duration / 6 : TimeSpan.FromSeconds(20);
        var phase = Stopwatch.StartNew();
        var before = ProcStats.Read(_hub.Pid);
        var session = await _hub.CreateSessionAsync("soak", Ct);
        using var gate = new SemaphoreSlim(16);

        // Joins go through a client of their own, disposed after them: its 16 keep-alive sockets are the test's, and
        // would otherwise sit in the hub's socket count until they idle out.
        var joins = new HttpClient { BaseAddress = _hub.Http.BaseAddress, Timeout = Step };
        var runners = await Task.WhenAll(Enumerable.Range(0, runnerCount).Select(async i =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                using var response = await joins.PostAsJsonAsync("/api/join", new JoinRequest { JoinCode = session.JoinCode, RunnerName = $"soak-{i:000}" }, Ct);
                response.EnsureSuccessStatusCode();
                var join = (await response.Content.ReadFromJsonAsync<JoinResponse>(Ct))!;
                var connection = Connect(join.RunnerToken);
                await connection.StartAsync(Ct).WaitAsync(Step, Ct);
                return new SoakRunner(join.RunnerId, connection);
            }
            finally
            {
                gate.Release();
            }
        }));
        joins.Dispose();
        var coaches = await Task.WhenAll(Enumerable.Range(0, coachCount).Select(async _ =>
        {
            var coach = new SoakCoach(Connect(session.CoachToken));
            coach.Connection.On<SamplesFrame>(LiveHubContract.Samples, coach.Receive);
            await coach.Connection.StartAsync(Ct).WaitAsync(Step, Ct);
            await coach.Connection.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(Step, Ct);
            return coach;
        }));
        var connected = ProcStats.Read(_hub.Pid);
        var setupTime = phase.Elapsed;

        // Act: every runner publishes one sample per 250 ms; /proc is read once a second.
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var readings = new List<(TimeSpan At, ProcStats Stats)>();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await NextTickAsync(tick, stop.Token))
            {
                readings.Add((clock.Elapsed, ProcStats.Read(_hub.Pid)));
            }
        }, Ct);
        var loops = runners.Select((r, i) => Task.Run(() => r.RunAsync(Period * i / runnerCount, stop.Token), Ct)).ToArray();
        await Task.WhenAll(loops).WaitAsync(duration + Step, Ct);
        await sampler.WaitAsync(Step, Ct);
        var loadTime = clock.Elapsed;
        var loaded = ProcStats.Read(_hub.Pid);

        await Task.WhenAll(runners.Select(r => r.Connection).Concat(coaches.Select(c => c.Connection)).Select(c => c.DisposeAsync().AsTask()))
            .WaitAsync(Step, Ct);
        var disconnectTime = phase.Elapsed - setupTime - loadTime;
        var after = await SettleAsync(before, TimeSpan.FromSeconds(30));
        output.WriteLine($"phases: join+connect {setupTime.TotalSeconds:0.0} s, load {loadTime.TotalSeconds:0.0} s, disconnect {disconnectTime.TotalSeconds:0.0} s, " +
                         $"settle {(phase.Elapsed - setupTime - loadTime - disconnectTime).TotalSeconds:0.0} s");

        // Assert: zero loss, every publish acked.
        var recorded = _hub.RecordedSeqs(session.SessionId);
        var sent = runners.Sum(r => r.Sent);
        output.WriteLine($"{runnerCount} runners × 4 Hz + {coachCount} coaches for {loadTime.TotalSeconds:0} s: {sent} samples sent ({sent / loadTime.TotalSeconds:0}/s), " +
                         $"{recorded.Values.Sum(v => v.Count)} recorded, ack p95 {Percentile(runners.SelectMany(r => r.AckMs).ToList(), 0.95):0} ms, max {runners.SelectMany(r => r.AckMs).Max():0} ms");
        foreach (var runner in runners)
        {
            Assert.Null(runner.Error);
            Assert.Equal(runner.Sent, runner.Acked);
            Assert.Equal(Enumerable.Range(1, (int)runner.Sent).Select(i => (long)i), recorded.GetValueOrDefault(runner.RunnerId) ?? []);
        }

        Assert.True(sent >= runnerCount * duration.TotalSeconds * 4 * 0.5, $"only {sent} samples went out: the load did not hold");

        // Coaches kept receiving all the way.
        foreach (var coach in coaches)
        {
            output.WriteLine($"coach: {coach.Frames} frames, {coach.Samples} samples, runners seen {coach.Runners.Count}");
            Assert.Equal(runnerCount, coach.Runners.Count);
            Assert.True(coach.Frames >= duration.TotalSeconds, $"a coach got {coach.Frames} frames in {duration.TotalSeconds} s");
        }

        // Memory flat after warm-up.
        // RSS is a sawtooth under server GC (the heap grows to its budget, then a GC gives pages back): a leak shows as
        // higher peaks, so the peak of the first half after warm-up is compared with the peak of the second half.
        var middle = warmUp + (loadTime - warmUp) / 2;
        var warm = readings.Where(r => r.At >= warmUp && r.At < middle).Max(r => r.Stats.RssKb);
        var end = readings.Where(r => r.At >= middle).Max(r => r.Stats.RssKb);
        var growth = (end - warm) / (double)warm;
        var threadsWarm = readings.Where(r => r.At >= warmUp).Min(r => r.Stats.Threads);
        var threadsMax = readings.Where(r => r.At >= warmUp).Max(r => r.Stats.Threads);
        output.WriteLine($"hub before clients: {before}");
        output.WriteLine($"hub all connected:  {connected}");
        output.WriteLine($"hub end of load:    {loaded}");
        output.WriteLine($"hub after clients left: {after}");
        output.WriteLine($"RSS peak {readings.Max(r => r.Stats.RssKb) / 1024.0:0.0} MB; peak of the first half after warm-up {warm / 1024.0:0.0} MB, of the second half {end / 1024.0:0.0} MB: growth {growth:+0.0%;-0.0%}; threads {threadsWarm}..{threadsMax} after warm-up");
        Assert.True(growth <= 0.10, $"hub RSS grew {growth:P1} after warm-up ({warm} kB -> {end} kB)");
        Assert.True(threadsMax - threadsWarm <= 16, $"hub threads went {threadsWarm}..{threadsMax} under steady load");

        // No leak: once the clients are gone, sockets and descriptors come back to where they were before them.
        Assert.True(after.Sockets <= before.Sockets + 4, $"sockets: {before.Sockets} before, {after.Sockets} after the clients left");
        Assert.True(after.Fds <= before.Fds + FdSlack, $"fds: {before.Fds} before, {after.Fds} after the clients left");
        Assert.True(connected.Sockets >= before.Sockets + runnerCount, "the hub did hold the clients' sockets while connected");
    }

    /// <summary>Waits until the hub's sockets are back near the count before the clients (closing takes a moment).</summary>
    private async Task<ProcStats> SettleAsync(ProcStats before, TimeSpan timeout)
    {
        var now = ProcStats.Read(_hub.Pid);
        await Polling.WaitUntilAsync(
            () =>
            {
                now = ProcStats.Read(_hub.Pid);
                return now.Sockets <= before.Sockets + 4 && now.Fds <= before.Fds + FdSlack;
            },
            () => $"sockets: {before.Sockets} before, {now.Sockets} after; fds: {before.Fds} before, {now.Fds} after the clients left",
            timeout,
            Ct);
        return now;
    }

    private HubConnection Connect(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://127.0.0.1:{_hub.Port}{LiveHubContract.Path}"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Critical))
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        return connection;
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

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>A runner at 4 Hz: the next seq each tick, awaiting its ack (the stop token ends the loop between publishes, never inside one).</summary>
    private sealed class SoakRunner(string runnerId, HubConnection connection)
    {
        public string RunnerId => runnerId;

        public HubConnection Connection => connection;

        public long Sent { get; private set; }

        public long Acked { get; private set; }

        public string? Error { get; private set; }

        public List<double> AckMs { get; } = [];

        public async Task RunAsync(TimeSpan offset, CancellationToken stop)
        {
            try
            {
                await Task.Delay(offset, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var tick = new PeriodicTimer(Period);
            while (await NextTickAsync(tick, stop))
            {
                var seq = Sent + 1;
                var sample = new MetricSample
                {
                    Seq = seq,
                    ObservedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    HeartRateBpm = 140 + (int)(seq % 30),
                    CadenceSpm = 178,
                    SpeedMps = 4.1,
                    RrIntervalsMs = [410, 415],
                };
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var ack = await connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [sample] }, CancellationToken.None)
                        .WaitAsync(Step, CancellationToken.None);
                    Sent = seq;
                    Acked = ack.UpTo;
                    AckMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception ex) when (ex is HubException or InvalidOperationException or TimeoutException)
                {
                    Error = $"seq {seq}: {ex.GetType().Name}: {ex.Message}";
                    return;
                }
            }
        }
    }

    private sealed class SoakCoach(HubConnection connection)
    {
        private long _frames;
        private long _samples;

        public HubConnection Connection => connection;

        public long Frames => Interlocked.Read(ref _frames);

        public long Samples => Interlocked.Read(ref _samples);

        public ConcurrentDictionary<string, long> Runners { get; } = new(StringComparer.Ordinal);

        public void Receive(SamplesFrame frame)
        {
            Interlocked.Increment(ref _frames);
            foreach (var runner in frame.Runners)
            {
                Interlocked.Add(ref _samples, runner.Samples.Length);
                Runners[runner.RunnerId] = runner.Samples.Length == 0 ? 0 : runner.Samples[^1].Seq;
            }
        }
    }
}
