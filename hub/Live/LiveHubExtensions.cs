using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Live;

public static class LiveHubExtensions
{
    /// <summary>SignalR with JSON and MessagePack.</summary>
    public static WebApplicationBuilder AddLiveHub(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSignalR(o =>
        {
            // A publish of 500 samples with RR arrays is ~150 KB of JSON; the default 32 KB would refuse it.
            o.MaximumReceiveMessageSize = 1024 * 1024;
        }).AddMessagePackProtocol();
        return builder;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder endpoints)
    {
        // Every connection (negotiate and transport) needs a valid token; the hub's methods check role and session.
        endpoints.MapHub<LiveHub>(LiveHubContract.Path).RequireAuthorization();
        return endpoints;
    }
}
