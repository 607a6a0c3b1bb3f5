using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Live;
using MindMuscle.Live.Core.Contracts;
using Spectre.Console;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>
/// <c>sessions</c>: the hub's sessions, newest first; with the coach key, each running session's web links (the coach's
/// live view, its coach token in the URL fragment, and the runners' join page).
/// </summary>
internal static class SessionsCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var command = new Command("sessions", "List the hub's sessions (name, date, runners, duration); with the coach key, each running session's coach and join URLs.");
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            return !target.HasCredentials
                ? Task.FromResult(CommandErrors.MissingCredentials(Console.Error))
                : CommandErrors.RunAsync(async () =>
                {
                    using var http = CoachHttp.Create();
                    var client = new CoachRestClient(http, target);
                    var sessions = await client.ListSessionsAsync(cancellationToken).ConfigureAwait(false);
                    AnsiConsole.Write(BuildTable(sessions, TimeProvider.System));
                    if (!string.IsNullOrWhiteSpace(target.CoachKey))
                    {
                        await WriteLinksAsync(client, sessions, Console.Out, cancellationToken).ConfigureAwait(false);
                    }

                    return CommandErrors.Ok;
                }, Console.Error);
        });
        return command;
    }

    /// <summary>
    /// Writes each running session's <c>coachUrl</c> and <c>joinUrl</c> as plain lines (not in the table, which would wrap
    /// them), minting a fresh coach token per session from the coach key.
    /// </summary>
    public static async Task WriteLinksAsync(CoachRestClient client, IEnumerable<SessionSummary> sessions, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var s in sessions.Where(s => s.EndedAt is null).OrderByDescending(s => s.CreatedAt))
        {
            var access = await client.MintCoachAccessAsync(s.SessionId, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{s.Name} ({s.SessionId})").ConfigureAwait(false);
            await output.WriteLineAsync($"  coach: {access.CoachUrl ?? "(this hub sends no coachUrl)"}").ConfigureAwait(false);
            await output.WriteLineAsync($"  join:  {access.JoinUrl ?? "(this hub sends no joinUrl)"}").ConfigureAwait(false);
        }
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
