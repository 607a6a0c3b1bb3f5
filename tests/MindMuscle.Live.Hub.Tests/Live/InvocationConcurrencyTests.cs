using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Live;

/// <summary>
/// A runner's Publish holds its invocation until the commit; the hub runs a connection's invocations in parallel
/// (LiveHubExtensions.MaxParallelInvocationsPerClient) so nothing else of that runner waits for the disk, while its
/// publishes keep seq order.
/// </summary>
public sealed class InvocationConcurrencyTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task CueStatus_WhileOwnPublishWaitsForCommit_ReachesCoachBeforeTheAck()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken);
        var cueUpdates = new Inbox<CueUpdate>();
        coach.On<CueUpdate>(LiveHubContract.CueUpdate, cueUpdates.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var cues = new Inbox<CueMessage>();
        runner.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, Text = "Tall hips" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var cue = await cues.NextAsync();

        // Hold the recorder: the next commit cannot happen until the test lets it.
        using var hold = await HoldRecorderAsync(host);
        var batch = new SampleBatch { Samples = [.. SampleBuilder.Steady(1, Now, 4, TimeSpan.FromMilliseconds(250))] };
        var publish = runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await runner.SendAsync(LiveHubContract.ReportCueStatus, new CueStatusReport { CueId = cue.CueId, Status = CueStatus.Spoken }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        var spoken = await cueUpdates.FirstAsync(c => c.CueId == cue.CueId && c.Status == CueStatus.Spoken);
        var ackedBeforeRelease = publish.IsCompleted;
        hold.Set();
        var ack = await publish;

        Assert.Equal(cue.CueId, spoken.CueId);
        Assert.False(ackedBeforeRelease);
        Assert.Equal(4, ack.UpTo);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Publish_PipelinedBatches_CoachReceivesSeqOrderAndAcksAreContiguous(bool messagePack)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken, messagePack);
        var seqs = new List<long>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Batches = 40;
        const int PerBatch = 5;
        coach.On<SamplesFrame>(LiveHubContract.Samples, frame =>
        {
            lock (seqs)
            {
                seqs.AddRange(frame.Runners.SelectMany(r => r.Samples).Select(s => s.Seq));
                if (seqs.Count >= Batches * PerBatch)
                {
                    all.TrySetResult();
                }
            }
        });
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack);
        var samples = SampleBuilder.Steady(1, Now - 60_000, Batches * PerBatch, TimeSpan.FromMilliseconds(250)).ToArray();

        // Like a relay with a window: every batch is on the wire before the first ack comes back.
        var publishes = Enumerable.Range(0, Batches)
            .Select(i => runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[(i * PerBatch)..((i + 1) * PerBatch)] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken))
            .ToArray();
        var acks = await Task.WhenAll(publishes);
        await all.Task.WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        lock (seqs)
        {
            Assert.Equal(Enumerable.Range(1, Batches * PerBatch).Select(i => (long)i), seqs);
        }

        // Each ack covers at least its own batch (the recorder commits in queue order), never more than was sent.
        Assert.All(acks.Select((a, i) => (a.UpTo, Own: (long)((i + 1) * PerBatch))), a => Assert.InRange(a.UpTo, a.Own, Batches * PerBatch));
        Assert.Equal(Batches * PerBatch, acks[^1].UpTo);
    }

    [Fact]
    public async Task Publish_NextBatchWhileCommitHeld_ReachesCoachAtOnceResendOfQueuedSeqsRecordedOnce()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken);
        var frames = new Inbox<SamplesFrame>();
        coach.On<SamplesFrame>(LiveHubContract.Samples, frames.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var samples = SampleBuilder.Steady(1, Now - 10_000, 8, TimeSpan.FromMilliseconds(250)).ToArray();

        // Hold the recorder, then publish 1..4, 5..8 and a resend of 3..6 (as a relay does after a lost ack).
        using var hold = await HoldRecorderAsync(host);
        var first = runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[..4] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var second = runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[4..] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var seen = new List<long>();
        while (seen.Count < 8)
        {
            seen.AddRange((await frames.NextAsync()).Runners.SelectMany(r => r.Samples).Select(x => x.Seq));
        }

        using var duplicates = DuplicatesSeen(host);
        var resend = runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples[2..6] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await duplicates.Counted.WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken); // checked, now waiting like the others
        var ackedWhileHeld = first.IsCompleted || second.IsCompleted || resend.IsCompleted;
        hold.Set();
        var acks = await Task.WhenAll(first, second, resend);

        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), seen); // both batches fanned out while the commit was held
        Assert.False(ackedWhileHeld);
        Assert.InRange(acks[0].UpTo, 4, 8);
        Assert.Equal(8, acks[1].UpTo);
        Assert.Equal((0, 4, 8L), (acks[2].Accepted, acks[2].Duplicates, acks[2].UpTo)); // waits for the batches its seqs were in
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), Ingest.PublishTests.RecordedSeqs(host, session.SessionId));
    }

    /// <summary>Blocks the recorder's writer inside a write until the returned event is set (or the test times out).</summary>
    private static async Task<ManualResetEventSlim> HoldRecorderAsync(HubTestHost host)
    {
        var hold = new ManualResetEventSlim();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<RecordingStore>().WriteInBackground((_, _) =>
        {
            holding.TrySetResult();
            hold.Wait(HubTestHost.Timeout);
        });
        await holding.Task.WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        return hold;
    }

    /// <summary>Completes when this host's hub has counted duplicate samples (<c>mml.hub.samples.duplicates</c>).</summary>
    private static DuplicatesListener DuplicatesSeen(HubTestHost host) => new(host.Services.GetRequiredService<IMeterFactory>());

    private sealed class DuplicatesListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DuplicatesListener(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == HubMetrics.MeterName && instrument.Name == "mml.hub.samples.duplicates" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, _, _) => _counted.TrySetResult());
            _listener.Start();
        }

        public Task Counted => _counted.Task;

        public void Dispose() => _listener.Dispose();
    }
}
