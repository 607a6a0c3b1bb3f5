using Microsoft.Extensions.DependencyInjection.Extensions;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Hub.Alerts;

internal static class AlertsExtensions
{
    /// <summary>
    /// Core's alert engine (unless another <see cref="IAlertEngineFactory"/> is registered first), driven per session and
    /// ticked. Its rep rules are fed the live track's reps: one rep detector per runner in the hub, not two.
    /// </summary>
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAlertEngineFactory>(new AlertEngineFactory(reps: RepSource.Fed));
        builder.Services.AddSingleton<AlertCoordinator>();
        builder.Services.AddSingleton<AlertTicker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertTicker>());
        return builder;
    }
}
