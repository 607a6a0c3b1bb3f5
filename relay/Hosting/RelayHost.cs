using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Speech;
using MindMuscle.Live.Relay.Uplink;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Builds and runs the generic host behind <c>relay run</c>.</summary>
internal static class RelayHost
{
    public static async Task<int> RunAsync(
        RunOptions run, ReadingSourceProvider? sources, RelayConsole console, UplinkTuning? tuning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(console);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        AddLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(run);
        // Null: the sensors part's ReadingSourceFactory (sim:, ble, file:); tests pass their own.
        builder.Services.AddSingleton(sp => sources ?? DefaultReadingSources.Create(sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RelayExit>();
        AddOutbox(builder.Services, run);
        AddUplinks(builder.Services, run, tuning ?? new UplinkTuning());
        AddSpeech(builder.Services, run, console);
        builder.Services.AddSingleton<StatusBoard>();
        builder.Services.AddHostedService<StatusReporter>();
        builder.Services.AddSingleton<RunnerSlots>();
        builder.Services.AddSingleton<OutboxIngest>();
        builder.Services.AddHostedService<RelayService>();

        using var host = builder.Build();
        var exit = host.Services.GetRequiredService<RelayExit>();
        await host.RunAsync(cancellationToken);
        if (exit.Error is not null)
        {
            await Console.Error.WriteLineAsync($"relay run: {exit.Error}");
        }

        return exit.Code;
    }

    private static void AddLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        // Logs go to stderr so the status line (or the JSON events) own stdout. MML_RELAY_LOG=Information for more.
        logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            o.FormatterName = RelayLogFormatter.FormatterName;
        });
        logging.AddConsoleFormatter<RelayLogFormatter, ConsoleFormatterOptions>();
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("MML_RELAY_LOG"), out var parsed) ? parsed : LogLevel.Warning;
        logging.SetMinimumLevel(level);
        // The framework (SignalR client, HTTP, hosting) speaks at Warning and above: its Information is noise to a runner.
        var framework = level > LogLevel.Warning ? level : LogLevel.Warning;
        logging.AddFilter("Microsoft", framework);
        logging.AddFilter("System", framework);
        logging.AddFilter("Polly", framework);
    }

    private static void AddOutbox(IServiceCollection services, RunOptions run)
    {
        services.AddSingleton<IOutbox>(sp => SqliteOutbox.Open(
            run.DataDirectory, new OutboxOptions(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteOutbox>()));
    }

    private static void AddUplinks(IServiceCollection services, RunOptions run, UplinkTuning tuning)
    {
        services.AddSingleton(_ =>
        {
            var options = tuning.Tune(new UplinkOptions { HubUrl = run.Hub, JoinCode = run.JoinCode });
            options.Validate();
            return options;
        });
        services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(15) });
        services.AddSingleton<IJoinClient, HttpJoinClient>();
        services.AddSingleton<RunnerUplinkFactory>();
        services.AddSingleton<CueStatusRouter>();
    }

    private static void AddSpeech(IServiceCollection services, RunOptions run, RelayConsole console)
    {
        services.AddSingleton(_ => SpeechOutputFactory.Create(run.Speech, console.Out));
        services.AddSingleton(new SpeechOptions());
        services.AddSingleton<ICueStatusSink>(sp => sp.GetRequiredService<CueStatusRouter>());
        services.AddSingleton<SpeechQueue>();
    }
}
