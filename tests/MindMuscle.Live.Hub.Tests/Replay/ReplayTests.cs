using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Tests.Export;

namespace MindMuscle.Live.Hub.Tests.Replay;

public sealed class ReplayTests
{
    // The recording is backdated (its last sample a second before now), so the hub's 1 s alert tick, comparing wall time
    // with that last sample, raises sensor-lost alerts (5 s without data) when the test runs longer than ~4 s, as on a
    // loaded machine: they are recorded and replayed too (seen: 1204/1205 events). These tests are about samples and
    // cues, so the tick is held off.
    private static readonly Dictionary<string, string?> NoAlertTick = new() { ["Hub:TickInterval"] = "01:00:00" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replay_SpeedZero_StreamsEverySampleAndCueInTimeOrder(bool messagePack)
    {
        await using var host = HubTestHost.Start(NoAlertTick);
        var (session, runnerId, start) = await ExportTests.RecordAsync(host, "Ana", samples: 1200);
        var coach = await host.ConnectAsync(session.CoachToken, messagePack);
        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = runnerId, Text = "Quick feet" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        var events = new List<ReplayEvent>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(HubTestHost.Timeout);
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 0.0, 0L, cts.Token))
        {
            events.Add(e);
        }

        Assert.True(events.Count == 1201, $"{events.Count} events: {string.Join(", ", events.GroupBy(e => e.Kind).Select(g => $"{g.Key} x{g.Count()}"))}");
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
        await using var host = HubTestHost.Start(NoAlertTick);
        var (session, _, _) = await ExportTests.RecordAsync(host, "Ana", samples: 60);
        var coach = await host.ConnectAsync(session.CoachToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var seqs = new List<long>();

        // Samples are 1 s apart; from offset 30 s, the 20th (seq 50, at 49 s) is due 19 s / 20 = 950 ms after the replay
        // starts. The hub paces against its start time, so the clock runs from the call: a late first delivery on a
        // loaded machine cannot shorten what is measured, and the lower bound cannot be met early.
        var clock = Stopwatch.StartNew();
        await foreach (var e in coach.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 20.0, 30_000L, cts.Token))
        {
            seqs.Add(e.Sample!.Seq);
            if (seqs.Count == 20)
            {
                break;
            }
        }

        var elapsed = clock.Elapsed;
        Assert.Equal(Enumerable.Range(31, 20).Select(i => (long)i), seqs);
        // Paced (not faster than 19 s / 20, less 20 % for timer granularity), and far faster than the 19 s of real time:
        // half of it leaves a loaded machine seconds of slack while speed 1 (or any speed under 2) would still fail.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(19_000 / 20.0 * 0.8), $"replay at speed 20 took only {elapsed.TotalMilliseconds:0} ms");
        Assert.True(elapsed < TimeSpan.FromMilliseconds(19_000 / 2.0), $"replay at speed 20 took {elapsed.TotalMilliseconds:0} ms of 19 s real time");
    }

    [Fact]
    public async Task Replay_RunnerToken_Forbidden()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(HubTestHost.Timeout);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(async () =>
        {
            await foreach (var _ in runner.StreamAsync<ReplayEvent>(LiveHubContract.Replay, session.SessionId, 0.0, 0L, cts.Token))
            {
            }
        });
    }
}
