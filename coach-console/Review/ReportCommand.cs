using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary><c>report ID --out report.html</c>: the session as one self-contained HTML file with charts.</summary>
internal static class ReportCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var id = new Argument<string>("session") { Description = "Session id" };
        var output = new Option<FileInfo>("--out") { Description = "HTML file to write", DefaultValueFactory = _ => new FileInfo("report.html") };
        var command = new Command("report", "Write a self-contained HTML report: per-runner charts with alerts and cues, laps, group comparison.")
        {
            id, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            return !target.HasCredentials
                ? Task.FromResult(CommandErrors.MissingCredentials(Console.Error))
                : CommandErrors.RunAsync(async () =>
                {
                    using var http = CoachHttp.Create();
                    var data = new HubSessionData(new CoachRestClient(http, target), parseResult.GetValue(id)!);
                    var html = await SessionReport.BuildAsync(data, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                    var file = parseResult.GetValue(output)!;
                    file.Directory?.Create();
                    await File.WriteAllTextAsync(file.FullName, html, cancellationToken).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync($"{file.FullName} ({html.Length:N0} characters)").ConfigureAwait(false);
                    return CommandErrors.Ok;
                }, Console.Error);
        });
        return command;
    }
}
