using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary><c>live --session ID [--json]</c>: the group dashboard, or the same feed as JSON lines.</summary>
internal static class LiveCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var session = new Option<string>("--session") { Description = "Session id to watch", Required = true };
        var json = new Option<bool>("--json") { Description = "Live feed as JSON lines on stdout, commands as JSON lines on stdin" };
        var maxHr = MaxHeartRateOption.Create();
        var command = new Command("live", "Watch a session live: a row per runner, alerts, cue statuses; send cues with one key.")
        {
            session, json, maxHr,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            var sessionId = parseResult.GetValue(session)!;
            return parseResult.GetValue(json)
                ? RunJsonAsync(target, sessionId, Console.In, Console.Out, Console.Error, TimeProvider.System, cancellationToken)
                : RunDashboardAsync(target, sessionId, parseResult.GetValue(maxHr), cancellationToken);
        });
        return command;
    }

    /// <summary>The <c>--json</c> mode; callable in-process (tests pass their own reader and writer).</summary>
    public static Task<int> RunJsonAsync(HubTarget target, string sessionId, TextReader input, TextWriter output, TextWriter error,
        TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.HasCredentials)
        {
            return Task.FromResult(CommandErrors.MissingCredentials(error));
        }

        return CommandErrors.RunUntilStoppedAsync(async () =>
        {
            using var http = CoachHttp.Create();
            var rest = new CoachRestClient(http, target);
            using var tokens = new CoachTokenSource(target, sessionId, rest, time);
            var connection = new CoachHubConnection(target, sessionId, tokens, time, rest, track: rest);
            await using (connection.ConfigureAwait(false))
            {
                await connection.StartAsync(cancellationToken).ConfigureAwait(false);
                using var mode = new JsonLinesMode(input, output, connection, connection);
                await mode.RunAsync(connection.Events, cancellationToken).ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }, error, cancellationToken);
    }

    private static Task<int> RunDashboardAsync(HubTarget target, string sessionId, int maxHr, CancellationToken cancellationToken)
    {
        if (!target.HasCredentials)
        {
            return Task.FromResult(CommandErrors.MissingCredentials(Console.Error));
        }

        return CommandErrors.RunUntilStoppedAsync(async () =>
        {
            var time = TimeProvider.System;
            using var http = CoachHttp.Create();
            var rest = new CoachRestClient(http, target);
            using var tokens = new CoachTokenSource(target, sessionId, rest, time);
            var connection = new CoachHubConnection(target, sessionId, tokens, time, rest, track: rest);
            await using (connection.ConfigureAwait(false))
            {
                var console = AnsiConsole.Console;
                await console.Status().StartAsync($"Connecting to {target.HubUrl} …",
                    _ => connection.StartAsync(cancellationToken)).ConfigureAwait(false);
                var model = new LiveViewModel(time);
                var ui = new DashboardUi();
                var dashboard = CreateDashboard(console, model, ui, maxHr, time, connection);
                await FullScreen.RunAsync(console, () => dashboard.RunAsync(connection.Events, connection, null, cancellationToken)).ConfigureAwait(false);
            }

            return CommandErrors.Ok;
        }, Console.Error, cancellationToken);
    }

    internal static LiveDashboard CreateDashboard(IAnsiConsole console, LiveViewModel model, DashboardUi ui, int maxHr, TimeProvider time,
        IMarkerSender? markers = null) =>
        new(console, model, new DashboardController(model, ui, SharedCueCatalog.Default, time),
            new DashboardRenderer(new HeartRateZones(maxHr), time), new ConsoleKeySource(), time)
        {
            Markers = markers,
            // One line short of the terminal: a frame as tall as the screen would scroll it by a line on every redraw.
            Size = () => Console.IsOutputRedirected ? (120, 40) : (Console.WindowWidth, Math.Max(16, Console.WindowHeight - 1)),
        };
}
