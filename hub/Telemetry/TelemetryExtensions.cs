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
        KeepTokensOutOfLogs(builder.Logging);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<HubMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HubMetrics.MeterName)
            .AddMeter("Microsoft.AspNetCore.Hosting")
            .AddMeter("Microsoft.AspNetCore.Server.Kestrel"));
        return builder;
    }

    /// <summary>
    /// Hosting's request log ("Request starting … /hubs/live?id=…&amp;access_token=…", Information) prints the full URL, and
    /// browsers' WebSocket/SSE connections carry their token in the query string; SignalR's connection logs (Debug) may
    /// too. Those categories never log below Warning, for every provider: a provider's own configured level (e.g.
    /// <c>Logging:Console:LogLevel:Default</c>) beats a rule without a provider, so each built-in provider gets the rule
    /// as well, added after the configuration's rules so it wins a tie.
    /// </summary>
    private static void KeepTokensOutOfLogs(ILoggingBuilder logging)
    {
        foreach (var category in (ReadOnlySpan<string>)["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Http.Connections"])
        {
            logging.AddFilter(category, LogLevel.Warning);
            logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(category, LogLevel.Warning);
            logging.AddFilter<Microsoft.Extensions.Logging.Debug.DebugLoggerProvider>(category, LogLevel.Warning);
            logging.AddFilter<Microsoft.Extensions.Logging.EventSource.EventSourceLoggerProvider>(category, LogLevel.Warning);
        }
    }
}
