using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Cues;

namespace MindMuscle.Live.Hub.Live;

internal static class LiveHubExtensions
{
    /// <summary>Invocations of one connection the hub runs at once (the relay keeps up to 4 publishes in flight, plus its cue statuses).</summary>
    public const int MaxParallelInvocationsPerClient = 8;

    /// <summary>SignalR with JSON and MessagePack, and cue delivery to the runners' groups.</summary>
    public static WebApplicationBuilder AddLiveHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR(o =>
        {
            // A publish of 500 samples with RR arrays is ~150 KB of JSON; the default 32 KB would refuse it.
            o.MaximumReceiveMessageSize = 1024 * 1024;
            // A runner's Publish holds its invocation until the batch is committed. With SignalR's default of one
            // invocation at a time per connection, the runner's CueStatus (and the next Publish, whose samples the
            // coaches are waiting for) would queue behind that commit. Publishes of one runner still run in seq order:
            // they start in arrival order and take the runner's publish lock (FIFO) before anything else.
            o.MaximumParallelInvocationsPerClient = MaxParallelInvocationsPerClient;
        }).AddMessagePackProtocol();
        builder.Services.AddSingleton<ICueDelivery, HubCueDelivery>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder endpoints)
    {
        // Every connection (negotiate and transport) needs a valid token; the hub's methods check role and session.
        endpoints.MapHub<LiveHub>(LiveHubContract.Path).RequireAuthorization();
        return endpoints;
    }
}
