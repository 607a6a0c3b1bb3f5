using Microsoft.Extensions.DependencyInjection.Extensions;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.FanOut;

internal static class FanOutExtensions
{
    /// <summary>Per-coach senders, and a session bus that keeps everything on this node unless scale-out replaces it.</summary>
    public static WebApplicationBuilder AddFanOut(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CoachSenders>();
        builder.Services.TryAddSingleton<ISessionBus>(NullSessionBus.Instance);
        return builder;
    }
}
