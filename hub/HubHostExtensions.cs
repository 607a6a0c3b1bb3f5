using Microsoft.Extensions.DependencyInjection.Extensions;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Cues;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Replay;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub;

/// <summary>The hub's composition: options, recording, sessions and the services of the live path.</summary>
public static class HubHostExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Binds <see cref="HubOptions"/> from the <c>Hub</c> section; <c>--data</c> and <c>--coach-key</c> win. Listens on
    /// loopback port 5080 unless <c>--urls</c> (or ASPNETCORE_URLS) says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddHubOptions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddOptions<HubOptions>()
            .BindConfiguration(HubOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration["data"] is { Length: > 0 } data)
                {
                    options.DataPath = data;
                }

                if (configuration["coach-key"] is { Length: > 0 } key)
                {
                    options.CoachKey = key;
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => o.TokenLifetime >= TimeSpan.FromHours(4), "Hub:TokenLifetime must cover a 4-hour session")
            .Validate(o => o.CoachAbortAfter > o.CoachSendTimeout, "Hub:CoachAbortAfter must exceed Hub:CoachSendTimeout")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplicationBuilder AddRecording(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var store = builder.Configuration[$"{HubOptions.Section}:{nameof(HubOptions.Store)}"];
        if (string.Equals(store, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration[$"{HubOptions.Section}:{nameof(HubOptions.Postgres)}"];
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Hub:Store is 'postgres' but Hub:Postgres is empty: set it (env Hub__Postgres) to an Npgsql connection string, " +
                    "e.g. Host=postgres;Port=5432;Database=mml;Username=mml;Password=...");
            }

            builder.Services.AddSingleton<IRecordingDatabase>(_ => new Recording.Postgres.PostgresRecordingDatabase(connectionString));
        }
        else
        {
            builder.Services.AddSingleton<IRecordingDatabase>(sp =>
                new Recording.Sqlite.SqliteRecordingDatabase(
                    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<HubOptions>>().Value.DataPath,
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<Recording.Sqlite.SqliteRecordingDatabase>>()));
        }

        builder.Services.AddSingleton<RecordingStore>();
        builder.Services.AddSingleton<ReplayService>();
        return builder;
    }

    /// <summary>Sessions, ingest, cues, core's alert engine (unless another <see cref="IAlertEngineFactory"/> is registered first) and auto-cues.</summary>
    public static WebApplicationBuilder AddSessions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IAlertEngineFactory>(new AlertEngineFactory());
        builder.Services.AddSingleton<SessionCues>();
        builder.Services.TryAddSingleton<ScaleOut.ISessionBus>(ScaleOut.NullSessionBus.Instance);
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddSingleton<RunnerStatusTracker>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<PublishRateLimiter>();
        builder.Services.AddSingleton<CueService>();
        builder.Services.AddSingleton<AlertCoordinator>();
        builder.Services.AddSingleton<AlertTicker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertTicker>());
        return builder;
    }

    /// <summary>Problem+json for errors, authentication, the join rate limiter.</summary>
    public static WebApplication UseHubPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        // Load the recording before the first request so a restarted hub knows every runner's seq.
        _ = app.Services.GetRequiredService<SessionRegistry>();

        // Resolve the keys at start so a generated coach key is printed when the hub starts, not at the first request.
        _ = app.Services.GetRequiredService<Auth.HubKeys>();
        return app;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        return endpoints;
    }
}
