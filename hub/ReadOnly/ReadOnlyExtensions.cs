using Microsoft.AspNetCore.SignalR;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.ReadOnly;

internal static partial class ReadOnlyExtensions
{
    /// <summary>In read-only mode: the live hub refuses runners and every change (<see cref="ReadOnlyHubFilter"/>).</summary>
    public static WebApplicationBuilder AddReadOnly(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Added only when asked for (decided from the bound options, which see every configuration source): a
        // recording hub's publishes pass no extra filter.
        builder.Services.AddSingleton<ReadOnlyHubFilter>();
        builder.Services.AddOptions<Microsoft.AspNetCore.SignalR.HubOptions>().Configure<Microsoft.Extensions.Options.IOptions<HubOptions>>((signalR, hub) =>
        {
            if (hub.Value.ReadOnly)
            {
                signalR.AddFilter<ReadOnlyHubFilter>();
            }
        });

        return builder;
    }

    /// <summary>In read-only mode: every REST change is answered 403 with a problem that says why and what to do (counted).</summary>
    public static WebApplication UseReadOnly(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HubOptions>>().Value;
        if (!options.ReadOnly)
        {
            return app;
        }

        LogServing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReadOnlyExtensions).FullName!), Path.GetFullPath(options.DataPath));
        app.Use(async (http, next) =>
        {
            if (IsChange(http.Request))
            {
                http.RequestServices.GetRequiredService<HubMetrics>().ReadOnlyRefused("rest");
                await Refusal(http.Request.Method, http.Request.Path).ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }

    public static string Detail(string what) =>
        $"This hub serves a recording read-only ({ReadOnlyMode.Flag} / {ReadOnlyMode.EnvironmentVariable}): {what} would change it and is refused. "
        + "Review, charts and exports work; to record or change a session, start the hub without --read-only.";

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refusal(string method, PathString path) => TypedResults.Problem(
        detail: Detail($"{method} {path}"),
        statusCode: StatusCodes.Status403Forbidden,
        title: "Read-only hub",
        extensions: new Dictionary<string, object?> { ["reason"] = "readOnly" });

    /// <summary>A REST write. Minting a coach token changes nothing recorded; the live hub's negotiate is a POST too and is judged per method by the filter.</summary>
    private static bool IsChange(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.Value!.EndsWith("/coach-token", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(1201, LogLevel.Warning, "Read-only: serving the recording in {DataPath} for review; joins, publishes, cues, markers and session changes are refused", EventName = "ReadOnlyServing")]
    private static partial void LogServing(ILogger logger, string dataPath);
}
