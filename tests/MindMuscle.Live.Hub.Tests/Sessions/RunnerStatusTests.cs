using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Tests.Sessions;

public sealed class RunnerStatusTests
{
    [Fact]
    public async Task RunnerStatus_JoinLiveStaleBackfillLeft_EachReachesTheCoach()
    {
        await using var host = HubTestHost.Start(new Dictionary<string, string?>
        {
            ["Hub:StaleAfter"] = "00:00:00.300",
            ["Hub:TickInterval"] = "00:00:00.100",
        });
        var session = await host.CreateSessionAsync();
        var coach = await host.ConnectAsync(session.CoachToken);
        var statuses = new Inbox<RunnerStatusUpdate>();
        coach.On<RunnerStatusUpdate>(LiveHubContract.RunnerStatus, statuses.Add);
        await coach.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var runner = await host.ConnectAsync(join.RunnerToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var joined = await statuses.FirstAsync(s => s.State == RunnerState.Joined);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 1, ObservedAt = now }] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var live = await statuses.FirstAsync(s => s.State == RunnerState.Live);
        var stale = await statuses.FirstAsync(s => s.State == RunnerState.Stale);
        await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = [new MetricSample { Seq = 2, ObservedAt = now - 60_000, Backfilled = true }] }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var backfilling = await statuses.FirstAsync(s => s.State == RunnerState.Backfilling);
        await runner.StopAsync(TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var left = await statuses.FirstAsync(s => s.State == RunnerState.Left);

        Assert.All([joined, live, stale, backfilling, left], s => Assert.Equal(join.RunnerId, s.RunnerId));
        Assert.Equal("Ana", joined.Name);
        Assert.Equal(1, stale.LastSeq);
        Assert.Equal(2, left.LastSeq);
    }
}
