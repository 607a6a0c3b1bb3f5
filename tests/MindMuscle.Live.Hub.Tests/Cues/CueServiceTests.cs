using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Tests.Cues;

/// <summary>Cues through the real hub: group sends, redelivery to a reconnecting runner, catalog resolution.</summary>
public sealed class CueServiceTests
{
    [Fact]
    public async Task SendCue_ToWholeGroup_EveryConnectedRunnerReceivesItsOwnCue()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var ana = await host.JoinAsync(session.JoinCode, "Ana");
        var ben = await host.JoinAsync(session.JoinCode, "Ben");
        var coach = await host.ConnectAsync(session.CoachToken);
        var anaCues = new Inbox<CueMessage>();
        var benCues = new Inbox<CueMessage>();
        (await host.ConnectAsync(ana.RunnerToken)).On<CueMessage>(LiveHubContract.Cue, anaCues.Add);
        (await host.ConnectAsync(ben.RunnerToken)).On<CueMessage>(LiveHubContract.Cue, benCues.Add);

        var ids = await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { Text = "Brace your core", TtlSeconds = 5 }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var a = await anaCues.NextAsync();
        var b = await benCues.NextAsync();

        Assert.Equal(2, ids.Length);
        Assert.NotEqual(a.CueId, b.CueId);
        Assert.Equal(5000, a.ExpiresAt - a.IssuedAt);
        Assert.Contains(a.CueId, ids);
        Assert.Contains(b.CueId, ids);
    }

    [Fact]
    public async Task SendCue_RunnerBetweenConnections_HandedOnConnectWhileUnexpiredAndUnreported()
    {
        // The hub's clock is the test's: the short cue expires when the test says, not after a real-time wait.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var host = HubTestHost.Start(services: s => s.AddSingleton<TimeProvider>(clock));
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode, "Ana");
        var coach = await host.ConnectAsync(session.CoachToken);
        var ct = TestContext.Current.CancellationToken;
        Task<string[]> Cue(string text, int ttl) =>
            coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, Text = text, TtlSeconds = ttl }, ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);

        // No runner connection: the relay is reconnecting. One cue expires before it comes back, one does not.
        var shortLived = (await Cue("Quick feet", 1))[0];
        var pending = (await Cue("Drive the ground away", 60))[0];
        clock.Advance(TimeSpan.FromMilliseconds(1100));
        var first = new Inbox<CueMessage>();
        var runner = host.CreateConnection(join.RunnerToken);
        runner.On<CueMessage>(LiveHubContract.Cue, first.Add); // before the start: the hub hands pending cues at once
        await runner.StartAsync(ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var handed = await first.NextAsync();
        await runner.InvokeAsync(LiveHubContract.ReportCueStatus, new CueStatusReport { CueId = handed.CueId, Status = CueStatus.Spoken }, ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        await runner.DisposeAsync();

        // Reported cues are not handed again: after reconnecting, the next cue is a new one.
        var second = new Inbox<CueMessage>();
        var again = host.CreateConnection(join.RunnerToken);
        again.On<CueMessage>(LiveHubContract.Cue, second.Add);
        await again.StartAsync(ct).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var fresh = (await Cue("Brace your core", 60))[0];
        var next = await second.NextAsync();

        Assert.NotEqual(shortLived, handed.CueId); // issued first, so it would have come first had it been handed
        Assert.Equal(pending, handed.CueId);
        Assert.Equal("Drive the ground away", handed.Text);
        Assert.Equal(fresh, next.CueId);
    }

    [Fact]
    public async Task SendCue_CatalogCueIdOrUnknownId_ResolvedFromCoreCatalogOrTypedError()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var join = await host.JoinAsync(session.JoinCode);
        var coach = await host.ConnectAsync(session.CoachToken);
        var runner = await host.ConnectAsync(join.RunnerToken);
        var cues = new Inbox<CueMessage>();
        runner.On<CueMessage>(LiveHubContract.Cue, cues.Add);
        var catalogId = Core.Cues.CueCatalog.Shared.All[0].Id;

        await coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, CueId = catalogId }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
        var cue = await cues.NextAsync();
        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            coach.InvokeAsync<string[]>(LiveHubContract.SendCue, new CueRequest { RunnerId = join.RunnerId, CueId = "no-such-cue" }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken));

        Assert.True(Core.Cues.CueCatalog.Shared.TryResolve(catalogId, out var expected));
        Assert.Equal(expected, cue.Text);
        Assert.Contains("no-such-cue", error.Message, StringComparison.Ordinal);
    }
}
