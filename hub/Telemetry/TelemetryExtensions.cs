namespace MindMuscle.Live.Hub.Telemetry;

internal static class TelemetryExtensions
{
    /// <summary>
    /// Registers <see cref="HubMetrics"/> and the OpenTelemetry meter provider (exporters are the deployment's choice),
    /// and keeps tokens out of the logs.
    /// </summary>
    public static WebApplicationBuilder AddHubTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Hosting's request log prints the full URL, and WebSocket/SSE clients carry their token in the query string
        // (access_token): never below Warning, so no token reaches a log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HubMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting")
            .AddMeter("Microsoft.AspNetCore.Server.Kestrel"));
        return builder;
    }
}
