using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.TestKit;

namespace MindMuscle.Live.Hub.Tests.Live;

public sealed class LiveHubTests
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PublishAndCue_CreateJoinPublishWatchCue_EveryStepReachesTheOtherSide(bool messagePack)
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken, messagePack);
        var frames = new Inbox<SamplesFrame>();
        var statuses = new Inbox<RunnerStatusUpdate>();
        var cueUpdates = new Inbox<CueUpdate>();
        coach.On<SamplesFrame>(LiveHubContract.Samples, frames.Add);
        coach.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, statuses.Add);
        coach.On<CueUpdate>(LiveHubContract.CueUpdate, cueUpdates.Add);
        var snapshot = await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var runner = await host.ConnectAsync(join.RunnerToken, messagePack);
        var cues = new Inbox<CueMessage>();
        runner.On<CueMessage>(LiveHubContract.Cue, cues.Add);

        var batch = new SampleBatch { Samples = [.. SampleBuilder.Steady(1, Now, 4, TimeSpan.FromMilliseconds(250))] };
        var ack = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, batch, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var frame = await frames.NextAsync();
        var live = await statuses.FirstAsync(s => s.State == RunnerState.Live);
        var cueIds = await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, Text = "Drive the ground away" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var cue = await cues.NextAsync();
        await runner.InvokeAsync(LiveHubContract.ReportCueStatus, new CueStatusReport { CueId = cue.CueId, Status = CueStatus.Spoken }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var spoken = await cueUpdates.FirstAsync(c => c.Status == CueStatus.Spoken);

        Assert.Equal(session.SessionId, snapshot.Session.SessionId);
        Assert.Single(snapshot.Runners, r => r.RunnerId == join.RunnerId);
        Assert.Equal(4, ack.UpTo);
        Assert.Equal(4, ack.Accepted);
        Assert.Equal(join.RunnerId, Assert.Single(frame.Runners).RunnerId);
        Assert.Equal([1L, 2, 3, 4], frame.Runners[0].Samples.Select(s => s.Seq));
        Assert.Equal(180, frame.Runners[0].Samples[0].CadenceSpm);
        Assert.Equal(join.RunnerId, live.RunnerId);
        Assert.Equal([cue.CueId], cueIds);
        Assert.Equal("Drive the ground away", cue.Text);
        Assert.True(cue.ExpiresAt > cue.IssuedAt);
        Assert.Equal(cue.CueId, spoken.CueId);
        Assert.Equal(join.RunnerId, spoken.RunnerId);
    }

    [Fact]
    public async Task Watch_AfterReconnect_NeedsToBeCalledAgainAndReturnsFreshSnapshot()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var runner = await host.ConnectAsync(join.RunnerToken);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [.. SampleBuilder.Steady(1, Now, 3, TimeSpan.FromSeconds(1))] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var first = await host.ConnectAsync(session.CoachToken);
        await first.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await first.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        var second = await host.ConnectAsync(session.CoachToken);
        var snapshot = await second.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        var r = Assert.Single(snapshot.Runners);
        Assert.Equal(3, r.LastSeq);
        Assert.Equal(3, r.Latest?.Seq);
        Assert.Equal(RunnerState.Live, r.State);
    }
}
