using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

/// <summary>
/// <c>live --json</c> against the real hub as a child process: a fake relay (a real runner HubConnection) publishes
/// samples and answers cues with statuses; the console (in-process, its real stdin/stdout code) sees them and sends a cue.
/// </summary>
public sealed class LiveCommandTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunJsonAsync_RealHub_SamplesArriveAndCueFromStdinIsSpoken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e json", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana", ct).WaitAsync(Step, ct);
        await using var relay = await FakeRelay.StartAsync(hub.BaseUrl, join.RunnerToken, ct).WaitAsync(Step, ct);
        var stdin = new ChannelTextReader();
        var stdout = new ChannelTextWriter();
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var console = LiveCommand.RunJsonAsync(target, session.SessionId, stdin, stdout, TextWriter.Null, TimeProvider.System, stop.Token);

        await stdout.WaitForAsync(l => l.StartsWith("{\"snapshot\"", StringComparison.Ordinal), Step, ct);
        await relay.PublishAsync(count: 3, ct).WaitAsync(Step, ct);
        var samples = await stdout.WaitForAsync(l => l.StartsWith("{\"samples\"", StringComparison.Ordinal), Step, ct);
        stdin.WriteLine($$$"""{"cue": {"runnerId": "{{{join.RunnerId}}}", "text": "Quick light feet"}}""");
        var sent = await stdout.WaitForAsync(l => l.StartsWith("{\"cueSent\"", StringComparison.Ordinal), Step, ct);
        var spoken = await stdout.WaitForAsync(l => IsCueUpdate(l, CueStatus.Spoken), Step, ct);
        var heard = await relay.Cues.Reader.ReadAsync(ct).AsTask().WaitAsync(Step, ct);
        stdin.WriteLine("""{"quit": {}}""");
        var exit = await console.WaitAsync(Step, ct);

        using var samplesJson = JsonDocument.Parse(samples);
        var group = samplesJson.RootElement.GetProperty("samples").GetProperty("runners")[0];
        Assert.Equal(join.RunnerId, group.GetProperty("runnerId").GetString());
        Assert.True(group.GetProperty("samples")[0].GetProperty("seq").GetInt64() >= 1);
        using var sentJson = JsonDocument.Parse(sent);
        var cueId = sentJson.RootElement.GetProperty("cueSent").GetProperty("cueIds")[0].GetString();
        Assert.Equal("Quick light feet", heard.Text);
        Assert.Equal(cueId, heard.CueId);
        using var spokenJson = JsonDocument.Parse(spoken);
        Assert.Equal(cueId, spokenJson.RootElement.GetProperty("cueUpdate").GetProperty("cueId").GetString());
        Assert.Equal(CommandErrors.Ok, exit);
    }

    [Fact]
    public async Task RunJsonAsync_HubKilledAndRestarted_ReconnectsAndResyncsWithGap()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e restart", ct).WaitAsync(Step, ct);
        var stdin = new ChannelTextReader();
        var stdout = new ChannelTextWriter();
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var console = LiveCommand.RunJsonAsync(target, session.SessionId, stdin, stdout, TextWriter.Null, TimeProvider.System, stop.Token);
        await stdout.WaitForAsync(l => l.StartsWith("{\"snapshot\"", StringComparison.Ordinal), Step, ct);

        await hub.KillAsync(ct).WaitAsync(Step, ct);
        await stdout.WaitForAsync(l => l.Contains("\"reconnecting\"", StringComparison.Ordinal), Step, ct);
        await hub.RestartAsync(ct).WaitAsync(Step, ct);
        var resync = await stdout.WaitForAsync(l => l.StartsWith("{\"snapshot\"", StringComparison.Ordinal), TimeSpan.FromSeconds(40), ct);
        stdin.WriteLine("""{"quit": {}}""");
        await console.WaitAsync(Step, ct);

        using var json = JsonDocument.Parse(resync);
        Assert.Equal(session.SessionId, json.RootElement.GetProperty("snapshot").GetProperty("session").GetProperty("sessionId").GetString());
        Assert.True(json.RootElement.GetProperty("gapMs").GetInt64() > 0);
    }

    private static bool IsCueUpdate(string line, CueStatus status) =>
        line.StartsWith("{\"cueUpdate\"", StringComparison.Ordinal)
        && line.Contains($"\"status\":\"{JsonNamingPolicy.CamelCase.ConvertName(status.ToString())}\"", StringComparison.Ordinal);

    /// <summary>A runner's relay reduced to its wire behaviour: publish samples, report every cue delivered then spoken.</summary>
    [Fact]
    public async Task GetTrackAsync_RealHubAfterTenReps_EveryRepAndLapReadBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e track", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana", ct).WaitAsync(Step, ct);
        await using var relay = await FakeRelay.StartAsync(hub.BaseUrl, join.RunnerToken, ct).WaitAsync(Step, ct);
        var plan = MindMuscle.Live.Core.Alerts.Quality.Track.TrackQualityPlan.Standard[0]; // 10 x 200 m, 45 s walks
        var (scenario, profile, _) = plan.Build(seed: 1);
        var model = new MindMuscle.Live.Core.Runners.RunnerModel(scenario, 1, profile);
        var seconds = (int)scenario.Duration.TotalSeconds;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (seconds * 1000L);
        var samples = Enumerable.Range(1, seconds).Select(t => model.At(TimeSpan.FromSeconds(t)).ToMetricSample(start + (t * 1000L))).ToArray();
        foreach (var batch in samples.Chunk(400))
        {
            await relay.PublishAsync(batch, ct);
        }

        using var http = CoachHttp.Create();
        var rest = new CoachRestClient(http, new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken });
        var track = await rest.GetTrackAsync(session.SessionId, ct).WaitAsync(Step, ct);

        var runner = Assert.Single(track.Runners);
        Assert.Equal(join.RunnerId, runner.RunnerId);
        Assert.Equal(Enumerable.Range(1, 10), runner.Reps.Select(r => r.Number));
        Assert.All(runner.Reps, r => Assert.InRange(r.DistanceM, 170, 230));
        Assert.InRange(runner.Laps.Count, 10, 20);
        Assert.Empty(track.RepFades); // the runner holds the pace
    }

    private sealed class FakeRelay : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private long _seq;

        private FakeRelay(HubConnection connection) => _connection = connection;

        public System.Threading.Channels.Channel<CueMessage> Cues { get; } = System.Threading.Channels.Channel.CreateUnbounded<CueMessage>();

        public static async Task<FakeRelay> StartAsync(Uri hub, string token, CancellationToken cancellationToken)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(hub, "hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            var relay = new FakeRelay(connection);
            connection.On<CueMessage>(LiveHubContract.Cue, async cue =>
            {
                relay.Cues.Writer.TryWrite(cue);
                await connection.InvokeAsync(LiveHubContract.ReportCueStatus, new CueStatusReport { CueId = cue.CueId, Status = CueStatus.Delivered })
                    .WaitAsync(Step);
                await connection.InvokeAsync(LiveHubContract.ReportCueStatus, new CueStatusReport { CueId = cue.CueId, Status = CueStatus.Spoken })
                    .WaitAsync(Step);
            });
            await connection.StartAsync(cancellationToken).WaitAsync(Step, cancellationToken);
            return relay;
        }

        public async Task PublishAsync(int count, CancellationToken cancellationToken)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var samples = Enumerable.Range(0, count).Select(i => new MetricSample
            {
                Seq = ++_seq,
                ObservedAt = now - ((count - i) * 250L),
                HeartRateBpm = 150,
                CadenceSpm = 178,
                SpeedMps = 4,
            }).ToArray();
            var ack = await _connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, cancellationToken)
                .WaitAsync(Step, cancellationToken);
            Assert.Equal(_seq, ack.UpTo);
        }

        /// <summary>Publishes recorded-style samples (numbered on from the last seq).</summary>
        public async Task PublishAsync(MetricSample[] samples, CancellationToken cancellationToken)
        {
            var numbered = samples.Select(s => s with { Seq = ++_seq }).ToArray();
            var ack = await _connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = numbered }, cancellationToken)
                .WaitAsync(Step, cancellationToken);
            Assert.Equal(_seq, ack.UpTo);
        }

        public async ValueTask DisposeAsync() => await _connection.DisposeAsync().AsTask().WaitAsync(Step);
    }
}
