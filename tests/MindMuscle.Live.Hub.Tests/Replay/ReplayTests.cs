using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Tests.Export;

namespace MindMuscle.Live.Hub.Tests.Replay;

public sealed class ReplayTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replay_SpeedZero_StreamsEverySampleAndCueInTimeOrder(bool messagePack)
    {
        await using var host = HubTestHost.Start();
        var (session, runnerId, start) = await ExportTests.RecordAsync(host, "Ana", samples: 1200);
        var coach = await host.ConnectAsync(session.CoachToken, messagePack);
        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = runnerId, Text = "Quick feet" }, TestContext.Current.CancellationToken);

        var events = new List<ReplayEvent>();
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 0.0, 0L, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        Assert.Equal(1201, events.Count);
        Assert.Equal(Enumerable.Range(1, 1200).Select(i => (long)i), events.Where(e => e.Kind == ReplayEventKind.Sample).Select(e => e.Sample!.Seq));
        Assert.Equal("Quick feet", Assert.Single(events, e => e.Kind == ReplayEventKind.Cue).Cue!.Text);
        Assert.Equal(events.Select(e => e.At).Order(), events.Select(e => e.At));
        Assert.Equal(start, events[0].At);
        Assert.Equal(0, events[0].OffsetMs);
        Assert.Equal(runnerId, events[0].RunnerId);
    }

    [Fact]
    public async Task Replay_Speed20FromOffset_KeepsSpacingDividedBySpeedAndCancels()
    {
        await using var host = HubTestHost.Start();
        var (session, _, _) = await ExportTests.RecordAsync(host, "Ana", samples: 60);
        var coach = await host.ConnectAsync(session.CoachToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        var seqs = new List<long>();
        TimeSpan firstAt = default;

        // 1 s spacing at speed 20 = 50 ms apart; 10 samples from offset 50 s span ~450 ms.
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 20.0, 50_000L, cts.Token))
        {
            if (seqs.Count == 0)
            {
                firstAt = clock.Elapsed;
            }

            seqs.Add(e.Sample!.Seq);
            if (seqs.Count == 10)
            {
                break;
            }
        }

        var span = clock.Elapsed - firstAt;
        Assert.Equal(Enumerable.Range(51, 10).Select(i => (long)i), seqs);
        Assert.InRange(span.TotalMilliseconds, 400, 2000);
    }

    [Fact]
    public async Task Replay_RunnerToken_Forbidden()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);

        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(async () =>
        {
            await foreach (var _ in runner.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 0.0, 0L, TestContext.Current.CancellationToken))
            {
            }
        });
    }
}
