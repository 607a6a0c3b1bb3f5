using System.CommandLine;
using MindMuscle.Live.Relay.Hosting;
using MindMuscle.Live.Relay.Speech;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>
/// <c>relay run --hub URL --join CODE --name NAME --source sim:SCENARIO|ble|file:PATH [--speed N]
/// [--speech espeak|wav:DIR|console|none] [--data DIR] [--runners N] [--json]</c>.
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string> Hub = new("--hub")
    {
        Description = "The hub's base address, e.g. http://127.0.0.1:5080.",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };

    private static readonly Option<string> Join = new("--join") { Description = "The session's join code.", Required = true };

    private static readonly Option<string?> Name = new("--name") { Description = "The runner's name (one runner)." };

    private static readonly Option<string> Source = new("--source")
    {
        Description = "Where readings come from: sim:SCENARIO (steady, fatigue, asymmetry, dropout, intervals), ble, or file:PATH (a hub CSV, a notification log, or a watch activity .fit or .tcx).",
        Required = true,
    };

    private static readonly Option<double> Speed = new("--speed")
    {
        Description = "Replay a file N times faster than recorded.",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string> SpeechOption = new("--speech")
    {
        Description = "How cues are spoken: espeak (default sink), wav:DIR (one WAV per cue), console, none.",
        DefaultValueFactory = _ => "espeak",
    };

    private static readonly Option<string> Data = new("--data")
    {
        Description = "The relay's data folder (outbox and runner identity); reuse it to come back as the same runner(s).",
        DefaultValueFactory = _ => "relay-data",
    };

    private static readonly Option<int> Runners = new("--runners")
    {
        Description = "Simulated runners in this process, each joining as its own runner (sim only).",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON-line events instead of the status line." };

    public static Command Create(ReadingSourceProvider? sources = null, RelayConsole? console = null, UplinkTuning? tuning = null)
    {
        var command = new Command("run", "Relay a runner's readings to the hub and speak the coach's cues.")
        {
            Hub, Join, Name, Source, Speed, SpeechOption, Data, Runners, Json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (options, error) = Bind(parseResult);
            if (options is null)
            {
                await Console.Error.WriteLineAsync($"relay run: {error}");
                return 2;
            }

            return await RelayHost.RunAsync(
                options,
                sources,
                console ?? new RelayConsole(Console.Out, !Console.IsOutputRedirected),
                tuning,
                cancellationToken);
        });
        return command;
    }

    /// <summary>Turns the parsed options into <see cref="RunOptions"/>, or says what to fix.</summary>
    public static (RunOptions? Options, string? Error) Bind(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var hub = parseResult.GetValue(Hub);
        if (!Uri.TryCreate(hub, UriKind.Absolute, out var hubUri) || (hubUri.Scheme != Uri.UriSchemeHttp && hubUri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"--hub '{hub}' is not an http(s) address, e.g. http://127.0.0.1:5080.");
        }

        var join = parseResult.GetValue(Join)?.Trim();
        if (string.IsNullOrEmpty(join))
        {
            return (null, "--join needs the session's join code.");
        }

        var source = parseResult.GetValue(Source)?.Trim() ?? "";
        if (!(source == "ble" || source.StartsWith("sim:", StringComparison.Ordinal) || source.StartsWith("file:", StringComparison.Ordinal)))
        {
            return (null, $"--source '{source}': use sim:SCENARIO, ble or file:PATH.");
        }

        var runners = parseResult.GetValue(Runners);
        if (runners < 1 || runners > 10_000)
        {
            return (null, $"--runners {runners}: use 1 to 10000.");
        }

        if (runners > 1 && !source.StartsWith("sim:", StringComparison.Ordinal))
        {
            return (null, "--runners N works with sim: sources only.");
        }

        var speed = parseResult.GetValue(Speed);
        if (!double.IsFinite(speed) || speed <= 0)
        {
            return (null, $"--speed {speed}: use a number above 0.");
        }

        var speech = parseResult.GetValue(SpeechOption) ?? "espeak";
        try
        {
            _ = SpeechOutputFactory.Create(speech, TextWriter.Null);
        }
        catch (ArgumentException ex)
        {
            return (null, ex.Message);
        }

        return (new RunOptions
        {
            Hub = hubUri,
            JoinCode = join,
            Name = parseResult.GetValue(Name),
            Source = source,
            Speed = speed,
            Speech = speech,
            DataDirectory = parseResult.GetValue(Data) ?? "relay-data",
            Runners = runners,
            Json = parseResult.GetValue(Json),
        }, null);
    }
}
