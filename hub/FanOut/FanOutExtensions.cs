using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MindMuscle.Live.Hub.Telemetry;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.FanOut;

internal static class FanOutExtensions
{
    /// <summary>Per-coach senders, frames written by generated JSON code (<see cref="FrameJson"/>), and a session bus that keeps everything on this node unless scale-out replaces it.</summary>
    public static WebApplicationBuilder AddFanOut(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CoachSenders>();
        builder.Services.Configure<JsonHubProtocolOptions>(o => FrameJson.Apply(o.PayloadSerializerOptions));
        builder.Services.TryAddSingleton<ISessionBus>(NullSessionBus.Instance);
        return builder;
    }

    /// <summary>
    /// Wraps every registered SignalR protocol in a <see cref="FrameSharingProtocol"/>; call after the protocols are
    /// added (<c>AddSignalR().AddMessagePackProtocol()</c>).
    /// </summary>
    public static IServiceCollection ShareSamplesFrames(this IServiceCollection services)
    {
        // Factories are protocols wrapped already (a second call wraps only what was added since).
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IHubProtocol) && d.ImplementationFactory is null).ToList())
        {
            var type = descriptor.ImplementationType
                ?? throw new InvalidOperationException($"SignalR protocol registered without an implementation type: {descriptor}");
            services.Remove(descriptor);
            services.AddSingleton<IHubProtocol>(sp => new FrameSharingProtocol(
                (IHubProtocol)ActivatorUtilities.CreateInstance(sp, type), sp.GetRequiredService<HubMetrics>(), sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }
}
