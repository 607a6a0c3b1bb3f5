using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MindMuscle.Live.Web.Live;

public static class LiveViewServices
{
    /// <summary>The live view of one session: its store, frame pump, hub connection and recording reader (per page visit).</summary>
    public static IServiceCollection AddLiveView(this IServiceCollection services, LiveViewOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options ?? new LiveViewOptions());
        services.AddScoped<LivePerf>();
        services.AddScoped<JsTileWriter>();
        services.AddScoped<ITileWriter>(sp => sp.GetRequiredService<JsTileWriter>());
        services.AddScoped<AnimationFrames>();
        services.AddScoped<IFrameScheduler>(sp => sp.GetRequiredService<AnimationFrames>());
        services.AddScoped(sp => new LiveStore(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IFrameScheduler>(), sp.GetRequiredService<LiveViewOptions>()));
        services.AddScoped<LiveCoachToken>();
        services.AddScoped<RecordedSamples>();
        services.AddScoped<PackedFeed>();
        services.AddScoped<LiveHubService>();
        services.AddScoped<ILiveHubService>(sp => sp.GetRequiredService<LiveHubService>());
        return services;
    }
}
