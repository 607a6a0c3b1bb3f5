using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Speech;
using MindMuscle.Live.Relay.Uplink;

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
        builder.Logging.ClearProviders();
        // Logs go to stderr so the status line (or the JSON events) own stdout. MML_RELAY_LOG=Information for more.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("MML_RELAY_LOG"), out var level) ? level : LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(run);
        // Null: the sensors part's ReadingSourceFactory (sim:, ble, file:); tests pass their own.
        builder.Services.AddSingleton(sp => sources ?? DefaultReadingSources.Create(sp.GetRequiredService<ILoggerFactory>(), TimeProvider.System));
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(tuning ?? new UplinkTuning());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RelayExit>();
        builder.Services.AddSingleton<IOutbox>(sp => SqliteOutbox.Open(
            run.DataDirectory, new OutboxOptions(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteOutbox>()));
        builder.Services.AddSingleton(_ => SpeechOutputFactory.Create(run.Speech, console.Out));
        builder.Services.AddSingleton(new SpeechOptions());
        builder.Services.AddSingleton<CueStatusRouter>();
        builder.Services.AddSingleton<ICueStatusSink>(sp => sp.GetRequiredService<CueStatusRouter>());
        builder.Services.AddSingleton<SpeechQueue>();
        builder.Services.AddSingleton<StatusBoard>();
        builder.Services.AddSingleton(sp => new StatusReporter(
            sp.GetRequiredService<StatusBoard>(), sp.GetRequiredService<CueStatusRouter>(), console, run.Json, TimeProvider.System));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusReporter>());
        builder.Services.AddSingleton(_ => new HttpClient { Timeout = TimeSpan.FromSeconds(15) });
        builder.Services.AddSingleton<IJoinClient, HttpJoinClient>();
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
}
