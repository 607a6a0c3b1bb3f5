using System.CommandLine;
using System.Globalization;
using System.Text;
using MindMuscle.Live.CoachConsole.Analyze;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>
/// <c>convert INPUT --out OUTPUT [--runner ID]</c>: FIT or TCX to the session CSV (one row per record, the header of
/// <c>export.csv</c>), and CSV, FIT or TCX to FIT or TCX (one runner; laps per rep and recovery or 400 m). Formats
/// come from the extensions (docs/fit.md).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "A .fit, .tcx or session .csv file" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write: .csv, .fit or .tcx", Required = true };
        var runner = new Option<string?>("--runner") { Description = "From a CSV of several runners: the runner's id or name" };
        var command = new Command("convert", "Convert between FIT, TCX and the session CSV.") { input, output, runner };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(async () =>
        {
            var written = await ConvertAsync(parseResult.GetValue(input)!, parseResult.GetValue(output)!, parseResult.GetValue(runner), cancellationToken)
                .ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"{written.Output.FullName}: {written.Records} records").ConfigureAwait(false);
            return CommandErrors.Ok;
        }, Console.Error));
        return command;
    }

    /// <exception cref="HubApiException">The input cannot be read or a format is not known; the message says why.</exception>
    public static async Task<(FileInfo Output, int Records)> ConvertAsync(FileInfo input, FileInfo output, string? runner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (!input.Exists)
        {
            throw new HubApiException($"{input.FullName} does not exist");
        }

        var outputFormat = Format(output);
        var samples = await ReadSamplesAsync(input, runner, ct).ConfigureAwait(false);
        if (samples.Count == 0)
        {
            throw new HubApiException($"{input.Name} has no records to convert");
        }

        await using var stream = new FileStream(output.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        if (outputFormat == ".csv")
        {
            var name = Path.GetFileNameWithoutExtension(input.Name);
            await WriteCsvAsync(samples, name, runner ?? "watch", stream, ct).ConfigureAwait(false);
            return (output, samples.Count);
        }

        var builder = new FitActivityBuilder();
        foreach (var s in samples.OrderBy(s => s.ObservedAt).ThenBy(s => s.Seq))
        {
            builder.Add(s);
        }

        var activity = builder.Build()!;
        if (outputFormat == ".fit")
        {
            await stream.WriteAsync(FitActivityWriter.Write(activity), ct).ConfigureAwait(false);
        }
        else
        {
            await TcxWriter.WriteAsync(activity, stream, ct).ConfigureAwait(false);
        }

        return (output, activity.Records.Count);
    }

    private static string Format(FileInfo file)
    {
        var extension = file.Extension.ToLowerInvariant();
        return extension is ".csv" or ".fit" or ".tcx"
            ? extension
            : throw new HubApiException($"{file.Name}: the format comes from the extension, .csv, .fit or .tcx");
    }

    /// <summary>One runner's samples of a FIT, TCX (one per record) or session CSV file (the format from its extension).</summary>
    /// <exception cref="HubApiException">The file cannot be read; the message names it and says why.</exception>
    internal static async Task<List<MetricSample>> ReadSamplesAsync(FileInfo input, string? runner, CancellationToken ct)
    {
        switch (Format(input))
        {
            case ".fit":
            {
                var bytes = await File.ReadAllBytesAsync(input.FullName, ct).ConfigureAwait(false);
                return FitReader.TryRead(bytes, out var fit, out var error)
                    ? [.. fit.Records.Select((r, i) => r.ToSample(i + 1))]
                    : throw new HubApiException($"{input.Name}: {error.Message}");
            }

            case ".tcx":
            {
                await using var stream = input.OpenRead();
                return TcxReader.TryRead(stream, out var tcx, out var error)
                    ? [.. tcx!.Records.Select((r, i) => r.ToSample(i + 1))]
                    : throw new HubApiException($"{input.Name}: {error.Message}");
            }

            default:
                return ReadCsv(input, runner);
        }
    }

    /// <summary>One runner's samples of a session CSV: the only runner, or the one named by id or name.</summary>
    private static List<MetricSample> ReadCsv(FileInfo input, string? runner)
    {
        using var text = input.OpenText();
        var reader = new SessionCsvReader(text);
        if (!reader.TryReadHeader(out var headerError))
        {
            throw new HubApiException($"{input.Name}: {headerError}");
        }

        var byRunner = new Dictionary<string, (string Name, List<MetricSample> Samples)>(StringComparer.Ordinal);
        while (reader.TryReadRow(out var row, out var error))
        {
            if (error is not null)
            {
                throw new HubApiException($"{input.Name} line {reader.LineNumber}: {error}");
            }

            if (!byRunner.TryGetValue(row.RunnerId, out var entry))
            {
                byRunner[row.RunnerId] = entry = (row.RunnerName, []);
            }

            entry.Samples.Add(row.Sample);
        }

        var match = runner is null
            ? byRunner.Count == 1 ? byRunner.Values.First() : default
            : byRunner.TryGetValue(runner, out var byId) ? byId : byRunner.Values.FirstOrDefault(r => r.Name == runner);
        return match.Samples ?? throw new HubApiException(runner is null
            ? $"{input.Name} has {byRunner.Count} runners: name one with --runner ({string.Join(", ", byRunner.Select(r => $"{r.Key} {r.Value.Name}"))})"
            : $"{input.Name} has no runner '{runner}'");
    }

    /// <summary>The session CSV (the header of <c>export.csv</c>), one row per sample.</summary>
    internal static async Task WriteCsvAsync(List<MetricSample> samples, string sessionId, string runnerId, Stream output, CancellationToken ct)
    {
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(SessionCsv.Header.AsMemory(), ct).ConfigureAwait(false);
            var prefix = $"{SessionCsv.Quote(sessionId)},{SessionCsv.Quote(runnerId)},,";
            foreach (var s in samples)
            {
                var row = string.Join(',',
                    prefix + s.Seq.ToString(CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(s.ObservedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    Num(s.HeartRateBpm), "", Num(s.CadenceSpm), Num(s.SpeedMps), Num(s.StrideLengthM), Num(s.DistanceM), Num(s.PowerW),
                    Num(s.GroundContactMs), Num(s.VerticalOscillationCm), Num(s.GctBalanceLeftPct), "", "", s.Backfilled ? "true" : "false");
                await writer.WriteLineAsync(row.AsMemory(), ct).ConfigureAwait(false);
            }
        }
    }

    private static string Num(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
