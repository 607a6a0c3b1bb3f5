using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Markers;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Tests.Markers;

/// <summary>The marker service inside the real hub (real SQLite file, real SignalR coach).</summary>
public sealed class MarkerServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddAsync_CallerGoneWhileTheWriteIsQueued_MarkerStillInTheSessionAndFannedOut()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var watcher = await host.ConnectAsync(session.CoachToken);
        var sees = new Inbox<SessionMarker>();
        watcher.On<SessionMarker>(LiveHubContract.MarkerAdded, sees.Add);
        await watcher.InvokeAsync<SessionSnapshot>(LiveHubContract.Watch, session.SessionId, Ct).WaitAsync(HubTestHost.Timeout, Ct);
        var live = host.Services.GetRequiredService<SessionRegistry>().Find(session.SessionId)!;
        var hold = await HoldRecorderAsync(host);
        using var caller = new CancellationTokenSource();

        // The tablet drops (the hub method's ConnectionAborted fires) while the marker's write waits behind the held one.
        var adding = host.Services.GetRequiredService<MarkerService>().AddAsync(live, new MarkerRequest { Kind = MarkerKind.Lap }, caller.Token);
        await caller.CancelAsync();
        hold.Set();
        var marker = await adding.WaitAsync(HubTestHost.Timeout, Ct);

        Assert.Equal(1, marker.MarkerId);
        Assert.Contains(marker, live.Markers.All());
        Assert.Equal(marker, await sees.NextAsync());
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
        await holding.Task.WaitAsync(HubTestHost.Timeout, Ct);
        return hold;
    }
}
