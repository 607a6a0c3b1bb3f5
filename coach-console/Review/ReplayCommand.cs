using System.CommandLine;
using System.Globalization;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary><c>replay ID [--speed 8] [--from mm:ss]</c>: the live dashboard driven by the hub's replay stream.</summary>
internal static class ReplayCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var id = new Argument<string>("session") { Description = "Session id" };
        var speed = new Option<double>("--speed") { Description = "Replay speed (1 = real time, 0 = as fast as possible)", DefaultValueFactory = _ => 8 };
        var from = new Option<TimeSpan>("--from")
        {
            Description = "Start at mm:ss (or h:mm:ss) into the session",
            CustomParser = result => ParseFrom(result.Tokens.Count > 0 ? result.Tokens[0].Value : "0:00", result),
            DefaultValueFactory = _ => TimeSpan.Zero,
        };
        var maxHr = MaxHeartRateOption.Create();
        var command = new Command("replay", "Replay a recorded session on the live dashboard (space pause, ←/→ seek, [ ] speed).")
        {
            id, speed, from, maxHr,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            return !target.HasCredentials
                ? Task.FromResult(CommandErrors.MissingCredentials(Console.Error))
                : CommandErrors.RunAsync(() => RunAsync(target, parseResult.GetValue(id)!, parseResult.GetValue(speed), parseResult.GetValue(from),
                    parseResult.GetValue(maxHr), cancellationToken), Console.Error);
        });
        return command;
    }

    public static TimeSpan ParseFrom(string text, System.CommandLine.Parsing.ArgumentResult? result = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] formats = [@"m\:ss", @"mm\:ss", @"h\:mm\:ss", @"%s"];
        if (TimeSpan.TryParseExact(text, formats, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero)
        {
            return value;
        }

        result?.AddError($"--from '{text}' is not mm:ss (e.g. 12:30) or h:mm:ss");
        return TimeSpan.Zero;
    }

    private static async Task<int> RunAsync(HubTarget target, string sessionId, double speed, TimeSpan from, int maxHr, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(speed) || speed < 0)
        {
            await Console.Error.WriteLineAsync("error: --speed must be 0 (as fast as possible) or a positive factor").ConfigureAwait(false);
            return CommandErrors.Usage;
        }

        var time = TimeProvider.System;
        using var http = CoachHttp.Create();
        var rest = new CoachRestClient(http, target);
        var session = await rest.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        // Start is corrected by the first replay item (its at - offsetMs); the end is the session's end, or now while it runs.
        var progress = new ReplayProgress
        {
            StartMs = session.Session.CreatedAt,
            EndMs = session.Session.EndedAt ?? session.HubTime,
            Speed = speed,
        };

        using var tokens = new CoachTokenSource(target, sessionId, rest, time);
        var connection = new CoachHubConnection(target, sessionId, tokens, time);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ConnectOnlyAsync(cancellationToken).ConfigureAwait(false);
            var driver = new ReplayDriver((s, f, ct) => connection.ReplayAsync(sessionId, s, f, ct), session, progress);
            await using (driver.ConfigureAwait(false))
            {
                var model = new LiveViewModel(time) { Replay = progress };
                var dashboard = LiveCommand.CreateDashboard(AnsiConsole.Console, model, new DashboardUi(), maxHr, time);
                await driver.StartAsync((long)from.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
                await FullScreen.RunAsync(AnsiConsole.Console, () => dashboard.RunAsync(driver.Events, null,
                    action => driver.ControlAsync(action, cancellationToken), cancellationToken)).ConfigureAwait(false);
            }
        }

        return CommandErrors.Ok;
    }
}
