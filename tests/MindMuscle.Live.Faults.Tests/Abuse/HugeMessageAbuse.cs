using Microsoft.AspNetCore.SignalR.Client;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>A ~10 MB Publish over SignalR: above the hub's 1 MB MaximumReceiveMessageSize, the connection is closed.</summary>
internal static class HugeMessageAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, string token, CancellationToken ct)
    {
        await using var connection = hub.CreateConnection(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await connection.StartAsync(ct).WaitAsync(Step, ct);
        var rr = Enumerable.Repeat(812.345678901, 32).ToArray();
        var samples = Enumerable.Range(1, 20_000).Select(i => Sample(i) with { RrIntervalsMs = rr }).ToArray();

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            connection.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, ct).WaitAsync(Step, ct));
        var closeError = await closed.Task.WaitAsync(Step, ct);

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        return $"invoke failed ({error.GetType().Name}), connection closed by the hub ({closeError?.GetType().Name ?? "no error"}: {closeError?.Message})";
    }
}
