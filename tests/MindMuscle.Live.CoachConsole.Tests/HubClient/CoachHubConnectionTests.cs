using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

/// <summary>The coach connection's replay against the real hub child process: what the replay command drives the dashboard with.</summary>
public sealed class CoachHubConnectionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReplayAsync_RealHubRecording_AllSamplesInOrderAndSeekSkipsTheStart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e replay", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana", ct).WaitAsync(Step, ct);
        await PublishAsync(hub.BaseUrl, join.RunnerToken, count: 20, ct).WaitAsync(Step, ct);
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var http = new HttpClient();
        using var tokens = new CoachTokenSource(target, session.SessionId, new CoachRestClient(http, target), TimeProvider.System);
        await using var sut = new CoachHubConnection(target, session.SessionId, tokens, TimeProvider.System);
        await sut.ConnectOnlyAsync(ct).WaitAsync(Step, ct);

        var all = await CollectAsync(sut.ReplayAsync(session.SessionId, 0, 0, ct)).WaitAsync(Step, ct);
        var later = await CollectAsync(sut.ReplayAsync(session.SessionId, 0, 2_500, ct)).WaitAsync(Step, ct);

        var seqs = all.OfType<SamplesReceived>().SelectMany(s => s.Frame.Runners).SelectMany(r => r.Samples).Select(s => s.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seqs);
        Assert.All(all.OfType<SamplesReceived>(), s => Assert.Equal(join.RunnerId, s.Frame.Runners[0].RunnerId));
        Assert.Equal(0, all.OfType<ReplayPosition>().First().OffsetMs);
        var laterSeqs = later.OfType<SamplesReceived>().SelectMany(s => s.Frame.Runners).SelectMany(r => r.Samples).Select(s => s.Seq).ToList();
        Assert.Equal(11, laterSeqs[0]); // 250 ms apart: 2.5 s in is the 11th sample
    }

    [Fact]
    public async Task LiveFeed_SeqJump_SkippedSeqsReadBackFromTheRecording()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await HubChildProcess.StartAsync(ct);
        var session = await hub.CreateSessionAsync("e2e seq jump", ct).WaitAsync(Step, ct);
        var join = await hub.JoinAsync(session.JoinCode, "Ana", ct).WaitAsync(Step, ct);
        var target = new HubTarget { HubUrl = hub.BaseUrl, Token = session.CoachToken };
        using var http = new HttpClient();
        var rest = new CoachRestClient(http, target);
        using var tokens = new CoachTokenSource(target, session.SessionId, rest, TimeProvider.System);
        await using var sut = new CoachHubConnection(target, session.SessionId, tokens, TimeProvider.System, rest);
        await sut.StartAsync(ct).WaitAsync(Step, ct);
        var runner = new HubConnectionBuilder()
            .WithUrl(new Uri(hub.BaseUrl, "hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(join.RunnerToken))
            .Build();
        await using var runnerConnection = runner;
        await runner.StartAsync(ct).WaitAsync(Step, ct);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 10_000;
        MetricSample[] Seqs(params int[] seqs) =>
            [.. seqs.Select(i => new MetricSample { Seq = i, ObservedAt = start + (i * 250L), CadenceSpm = 170 + i })];

        // 1..3, then 6..7 before 4..5: the console's feed jumps from 3 to 6, and 4..5 are recorded a moment later.
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = Seqs(1, 2, 3) }, ct).WaitAsync(Step, ct);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = Seqs(6, 7) }, ct).WaitAsync(Step, ct);
        var ack = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = Seqs(4, 5) }, ct).WaitAsync(Step, ct);
        var filled = await FirstAsync<GapFilled>(sut, Step, ct);

        Assert.Equal(7, ack.UpTo);
        Assert.Equal(GapCause.SeqJump, filled.Cause);
        Assert.Equal(join.RunnerId, filled.RunnerId);
        Assert.Equal((4, 5), (filled.FromSeq, filled.ToSeq));
        Assert.Equal([4L, 5], filled.Samples.Select(x => x.Seq));
        Assert.Equal(174, filled.Samples[0].CadenceSpm);
        Assert.Null(filled.Error);
    }

    private static async Task<T> FirstAsync<T>(CoachHubConnection connection, TimeSpan timeout, CancellationToken ct)
        where T : LiveEvent
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        await foreach (var evt in connection.Events.ReadAllAsync(cts.Token))
        {
            if (evt is T match)
            {
                return match;
            }
        }

        throw new InvalidOperationException("the event feed ended");
    }

    private static async Task<List<LiveEvent>> CollectAsync(IAsyncEnumerable<LiveEvent> events)
    {
        var list = new List<LiveEvent>();
        await foreach (var evt in events)
        {
            list.Add(evt);
        }

        return list;
    }

    private static async Task PublishAsync(Uri hub, string token, int count, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, "hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await using (connection)
        {
            await connection.StartAsync(cancellationToken).WaitAsync(Step, cancellationToken);
            var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 10_000;
            var samples = Enumerable.Range(1, count)
                .Select(i => new MetricSample { Seq = i, ObservedAt = start + ((i - 1) * 250L), CadenceSpm = 170 + i, HeartRateBpm = 150 })
                .ToArray();
            var ack = await connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, cancellationToken)
                .WaitAsync(Step, cancellationToken);
            Assert.Equal(count, ack.UpTo);
        }
    }
}
