using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary><c>sessions</c>: the hub's sessions, newest first.</summary>
internal static class SessionsCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var command = new Command("sessions", "List the hub's sessions (name, date, runners, duration).");
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            return !target.HasCredentials
                ? Task.FromResult(CommandErrors.MissingCredentials(Console.Error))
                : CommandErrors.RunAsync(async () =>
                {
                    using var http = CoachHttp.Create();
                    var sessions = await new CoachRestClient(http, target).ListSessionsAsync(cancellationToken).ConfigureAwait(false);
                    AnsiConsole.Write(BuildTable(sessions, TimeProvider.System));
                    return CommandErrors.Ok;
                }, Console.Error);
        });
        return command;
    }

    public static Table BuildTable(IEnumerable<SessionSummary> sessions, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(time);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Session id").NoWrap()).AddColumn("Name").AddColumn(new TableColumn("Date").NoWrap()).AddColumn(new TableColumn("Runners").RightAligned())
            .AddColumn(new TableColumn("Duration").RightAligned()).AddColumn("State");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var s in sessions.OrderByDescending(s => s.CreatedAt))
        {
            var created = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedAt), time.LocalTimeZone);
            var duration = TimeSpan.FromMilliseconds(Math.Max(0, (s.EndedAt ?? now) - s.CreatedAt));
            table.AddRow(
                Markup.Escape(s.SessionId), Markup.Escape(s.Name),
                created.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                s.RunnerCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Duration(duration),
                s.EndedAt is null ? "[green]live[/]" : "[grey]ended[/]");
        }

        return table;
    }
}
