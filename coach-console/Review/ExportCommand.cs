using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Review;

internal enum ExportFormat
{
    Csv = 0,
    Tcx = 1,
    Fit = 2,
}

/// <summary><c>export ID --format csv|tcx|fit --out DIR</c>: the hub's exports, streamed to disk (one TCX or FIT file per runner).</summary>
internal static class ExportCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var id = new Argument<string>("session") { Description = "Session id" };
        var format = new Option<ExportFormat>("--format") { Description = "csv (all runners: samples, and laps with reps and recoveries), tcx or fit (one file per runner; FIT carries running dynamics)", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write into (created if missing)", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var command = new Command("export", "Download a session's CSV, TCX or FIT exports.") { id, format, output };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var target = hub.Resolve(parseResult);
            return !target.HasCredentials
                ? Task.FromResult(CommandErrors.MissingCredentials(Console.Error))
                : CommandErrors.RunAsync(async () =>
                {
                    using var http = CoachHttp.Create(Timeout.InfiniteTimeSpan);
                    var files = await ExportAsync(new CoachRestClient(http, target), parseResult.GetValue(id)!, parseResult.GetValue(format),
                        parseResult.GetValue(output)!, cancellationToken).ConfigureAwait(false);
                    foreach (var file in files)
                    {
                        await Console.Out.WriteLineAsync($"{file.FullName} ({file.Length:N0} bytes)").ConfigureAwait(false);
                    }

                    return CommandErrors.Ok;
                }, Console.Error);
        });
        return command;
    }

    public static async Task<IReadOnlyList<FileInfo>> ExportAsync(CoachRestClient rest, string sessionId, ExportFormat format, DirectoryInfo output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(output);
        output.Create();
        var written = new List<FileInfo>();
        if (format == ExportFormat.Csv)
        {
            written.Add(await DownloadAsync(Path.Combine(output.FullName, $"{SafeName(sessionId)}.csv"),
                (stream, ct) => rest.DownloadCsvAsync(sessionId, stream, ct), cancellationToken).ConfigureAwait(false));
            written.Add(await DownloadAsync(Path.Combine(output.FullName, $"{SafeName(sessionId)}-laps.csv"),
                (stream, ct) => rest.DownloadLapsCsvAsync(sessionId, stream, ct), cancellationToken).ConfigureAwait(false));
            return written;
        }

        var snapshot = await rest.GetSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        foreach (var runner in snapshot.Runners)
        {
            var extension = format == ExportFormat.Fit ? "fit" : "tcx";
            var name = $"{SafeName(sessionId)}-{SafeName(runner.Name)}-{SafeName(runner.RunnerId)}.{extension}";
            written.Add(await DownloadAsync(Path.Combine(output.FullName, name), (stream, ct) => format == ExportFormat.Fit
                ? rest.DownloadFitAsync(sessionId, runner.RunnerId, stream, ct)
                : rest.DownloadTcxAsync(sessionId, runner.RunnerId, stream, ct), cancellationToken).ConfigureAwait(false));
        }

        return written;
    }

    /// <summary>Writes to a temp name and renames when complete, so an interrupted download never looks like a finished file.</summary>
    private static async Task<FileInfo> DownloadAsync(string path, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await download(file, cancellationToken).ConfigureAwait(false);
        }

        File.Move(partial, path, overwrite: true);
        return new FileInfo(path);
    }

    public static string SafeName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. text.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '_' : c)]);
        return safe.Length == 0 ? "_" : safe;
    }
}
