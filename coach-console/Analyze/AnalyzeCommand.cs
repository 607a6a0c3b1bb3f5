using System.CommandLine;
using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.CoachConsole.Review;
using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.CoachConsole.Analyze;

/// <summary>
/// <c>analyze SESSION.csv|ACTIVITY.fit|ACTIVITY.tcx [--settings settings.json]</c>: re-runs the alert engine over a
/// session export or a watch activity (read as <c>convert</c> reads it), e.g. with new thresholds. Alerts go to stdout as JSON lines, the summary to stderr. Exit code 0, or 1 when the input is unusable.
/// With <c>--reps</c> stdout holds each runner's reps and laps instead (tables, or JSON lines with <c>--json</c>).
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("session")
        {
            Description = "The session's CSV export (hub format), or a watch activity (.fit or .tcx) converted as convert does.",
        };
        var settingsOption = new Option<FileInfo?>("--settings")
        {
            Description = "Alert settings JSON (the session's alertSettings shape); missing properties keep their defaults.",
        };
        var repsOption = new Option<bool>("--reps")
        {
            Description = "Print each runner's reps (rep matrix, fade marked) and laps instead of the alerts.",
        };
        var jsonOption = new Option<bool>("--json") { Description = "With --reps: one JSON object per line per rep and lap." };
        var command = new Command("analyze", "Run the form-alert engine over a session CSV (or a .fit/.tcx activity) and print each alert as a JSON line.")
        {
            file,
            settingsOption,
            repsOption,
            jsonOption,
        };
        command.Validators.Add(result =>
        {
            // Plain analyze already prints JSON lines: a lone --json is a mistake, not a no-op.
            if (result.GetValue(jsonOption) && !result.GetValue(repsOption))
            {
                result.AddError("--json goes with --reps.");
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var mode = !parseResult.GetValue(repsOption) ? RepsMode.None : parseResult.GetValue(jsonOption) ? RepsMode.Json : RepsMode.Table;
            return RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(settingsOption), output, error, mode, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// As <see cref="Run"/>; a <c>.fit</c> or <c>.tcx</c> file is first turned into the session CSV exactly as
    /// <c>convert</c> writes it (one row per record, runner <c>watch</c>), so both commands read a watch file alike.
    /// </summary>
    internal static async Task<int> RunAsync(FileInfo input, FileInfo? settingsFile, TextWriter output, TextWriter error, RepsMode reps, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var extension = input.Extension.ToLowerInvariant();
        if (extension is not (".fit" or ".tcx"))
        {
            return Run(input, settingsFile, output, error, reps);
        }

        var settings = AlertSettings.Default;
        if (settingsFile is not null && !TryLoadSettings(settingsFile, error, out settings))
        {
            return 1;
        }

        if (!input.Exists)
        {
            error.WriteLine($"analyze: {input.FullName} does not exist");
            return 1;
        }

        using var csv = new MemoryStream();
        try
        {
            var samples = await ConvertCommand.ReadSamplesAsync(input, runner: null, ct).ConfigureAwait(false);
            if (samples.Count == 0)
            {
                error.WriteLine($"analyze: {input.FullName} has no records to analyze");
                return 1;
            }

            await ConvertCommand.WriteCsvAsync(samples, Path.GetFileNameWithoutExtension(input.Name), "watch", csv, ct).ConfigureAwait(false);
        }
        catch (HubApiException e)
        {
            error.WriteLine($"analyze: {e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"analyze: cannot read {input.FullName}: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"analyze: cannot read {input.FullName}: {e.Message}");
            return 1;
        }

        csv.Position = 0;
        using var reader = new StreamReader(csv);
        return Analyze(reader, settings, output, error, reps);
    }

    internal static int Run(FileInfo csv, FileInfo? settingsFile, TextWriter output, TextWriter error, RepsMode reps = RepsMode.None)
    {
        var settings = AlertSettings.Default;
        if (settingsFile is not null)
        {
            if (!TryLoadSettings(settingsFile, error, out settings))
            {
                return 1;
            }
        }

        if (!csv.Exists)
        {
            error.WriteLine($"analyze: {csv.FullName} does not exist");
            return 1;
        }

        try
        {
            using var reader = new StreamReader(csv.FullName);
            return Analyze(reader, settings, output, error, reps);
        }
        catch (IOException e)
        {
            error.WriteLine($"analyze: cannot read {csv.FullName}: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"analyze: cannot read {csv.FullName}: {e.Message}");
            return 1;
        }
    }

    private static int Analyze(TextReader reader, AlertSettings settings, TextWriter output, TextWriter error, RepsMode reps)
    {
        var matrix = reps == RepsMode.None ? null : new RepMatrix();
        var summary = SessionAnalyzer.Run(reader, settings, matrix is null ? output : TextWriter.Null, error, matrix);
        if (summary is null)
        {
            return 1;
        }

        if (matrix is not null)
        {
            if (reps == RepsMode.Json)
            {
                RepReport.WriteJsonLines(matrix, output);
            }
            else
            {
                RepReport.WriteTables(matrix, output);
            }
        }

        error.WriteLine(SessionAnalyzer.Describe(summary));
        return 0;
    }

    private static bool TryLoadSettings(FileInfo file, TextWriter error, out AlertSettings settings)
    {
        settings = AlertSettings.Default;
        try
        {
            using var stream = file.OpenRead();
            var loaded = JsonSerializer.Deserialize<AlertSettings>(stream);
            if (loaded is null)
            {
                error.WriteLine($"analyze: {file.FullName} holds no settings object");
                return false;
            }

            settings = loaded;
            return true;
        }
        catch (JsonException e)
        {
            error.WriteLine($"analyze: {file.FullName} is not valid alert settings JSON: {e.Message}");
            return false;
        }
        catch (IOException e)
        {
            error.WriteLine($"analyze: cannot read {file.FullName}: {e.Message}");
            return false;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"analyze: cannot read {file.FullName}: {e.Message}");
            return false;
        }
    }
}

/// <summary>What <c>analyze</c> prints on stdout: the alerts, or the reps and laps as tables or JSON lines.</summary>
internal enum RepsMode
{
    None,
    Table,
    Json,
}
