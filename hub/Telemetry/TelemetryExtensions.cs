namespace MindMuscle.Live.Hub.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Registers <see cref="HubMetrics"/> and the OpenTelemetry meter provider (exporters are the deployment's choice).</summary>
    public static WebApplicationBuilder AddHubTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HubMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting")
            .AddMeter("Microsoft.AspNetCore.Server.Kestrel"));
        return builder;
    }
}
