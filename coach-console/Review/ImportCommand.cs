using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>
/// <c>import ID FILE (--runner RUNNER_ID | --name NAME)</c>: a watch's FIT or TCX recording merged into a session, the
/// seconds the live path missed added as backfilled samples (docs/fit.md); <c>--name</c> adds a watch-only runner first.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var id = new Argument<string>("session") { Description = "Session id" };
        var file = new Argument<FileInfo>("file") { Description = "The watch's activity: .fit or .tcx" };
        var runner = new Option<string?>("--runner") { Description = "The runner the recording belongs to (see sessions / GET /api/sessions/{id})" };
        var name = new Option<string?>("--name") { Description = "Add a runner who never joined live, by this name, and import into it" };
        var command = new Command("import", "Merge a watch's FIT or TCX recording into a session.") { id, file, runner, name };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            if (!target.HasCredentials)
            {
                return Task.FromResult(CommandErrors.MissingCredentials(Console.Error));
            }

            var runnerId = parseResult.GetValue(runner);
            var runnerName = parseResult.GetValue(name);
            if (runnerId is null == runnerName is null)
            {
                Console.Error.WriteLine("import: give either --runner RUNNER_ID (a runner of the session) or --name NAME (a new watch-only runner)");
                return Task.FromResult(2);
            }

            return CommandErrors.RunAsync(async () =>
            {
                using var http = CoachHttp.Create(TimeSpan.FromMinutes(2));
                var result = await ImportAsync(new CoachRestClient(http, target), parseResult.GetValue(id)!, parseResult.GetValue(file)!, runnerId, runnerName,
                    cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(
                    $"runner {result.RunnerId}: {result.Import.Added} seconds added, {result.Import.Skipped} already recorded, "
                    + $"{result.Import.OutsideWindow} outside the session").ConfigureAwait(false);
                return CommandErrors.Ok;
            }, Console.Error);
        });
        return command;
    }

    public static async Task<(string RunnerId, ActivityImport Import)> ImportAsync(
        CoachRestClient rest, string sessionId, FileInfo file, string? runnerId, string? newRunnerName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(file);
        var contentType = file.Extension.ToLowerInvariant() switch
        {
            ".fit" => "application/vnd.ant.fit",
            ".tcx" => "application/vnd.garmin.tcx+xml",
            _ => throw new HubApiException($"{file.Name}: the file must end in .fit or .tcx"),
        };
        if (!file.Exists)
        {
            throw new HubApiException($"{file.FullName} does not exist");
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        runnerId ??= await rest.AddRunnerAsync(sessionId, newRunnerName!, cancellationToken).ConfigureAwait(false);
        return (runnerId, await rest.UploadActivityAsync(sessionId, runnerId, bytes, contentType, cancellationToken).ConfigureAwait(false));
    }
}
