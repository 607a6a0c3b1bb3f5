using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MindMuscle.Live.Hub.ScaleOut;

/// <summary>Scale-out wiring: with <c>Hub:Redis</c> set, the SignalR Redis backplane and the Redis session bus.</summary>
internal static class ScaleOutExtensions
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var redis = builder.Configuration[$"{HubOptions.Section}:{nameof(HubOptions.Redis)}"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder;
        }

        // Backplane: cues to a runner's group and anything else addressed to a connection on another node.
        builder.Services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = ScaleOutConnection.Options(redis);
            o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("mml-signalr");
        });
        // The backplane's own multiplexer, made here so that its losses and restores are logged like the bus's.
        builder.Services.AddOptions<RedisOptions>().Configure<ILoggerFactory>((o, logs) => o.ConnectionFactory = async log =>
        {
            var mux = await ConnectionMultiplexer.ConnectAsync(o.Configuration, log);
            RedisConnectionEvents.Watch(mux, "backplane", logs.CreateLogger(typeof(RedisConnectionEvents)));
            return mux;
        });

        builder.Services.AddSingleton(sp => new ScaleOutConnection(redis, sp.GetRequiredService<ILogger<ScaleOutConnection>>()));
        builder.Services.AddSingleton<RedisSessionBus>();
        builder.Services.RemoveAll<ISessionBus>();
        builder.Services.AddSingleton<ISessionBus>(sp => sp.GetRequiredService<RedisSessionBus>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisSessionBus>());
        return builder;
    }
}
