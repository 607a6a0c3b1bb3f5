using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub;

/// <summary>What the whole hub shares: its options, time, the request pipeline and the health probe.</summary>
internal static class HubHostExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    private const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// The host's arguments with configuration reload off unless asked for (<c>--hostBuilder:reloadConfigOnChange=true</c>
    /// or <c>DOTNET_hostBuilder__reloadConfigOnChange</c>): reloading watches the content root and every folder under it,
    /// where a hub started from its own folder writes its recording and log, so each write woke a watcher thread.
    /// </summary>
    public static string[] HostArgs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var asked = args.Any(a => a.Contains(ReloadConfigOnChange, StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("DOTNET_" + ReloadConfigOnChange.Replace(":", "__", StringComparison.Ordinal)) is not null;
        return asked ? args : [$"--{ReloadConfigOnChange}=false", .. args];
    }

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

                options.ReadOnly = ReadOnly.ReadOnlyMode.IsOn(configuration);
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
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
