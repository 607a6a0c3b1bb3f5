using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MindMuscle.Live.Relay.Outbox;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>
/// <c>relay dead-letters --data DIR</c>: the readings the hub refused for good, one JSON object per line (runner, session,
/// seq, observedAt, the hub's reason, when, and the reading itself), oldest first.
/// </summary>
internal static class DeadLettersCommand
{
    /// <summary>Exit code when the data folder holds no outbox.</summary>
    public const int ExitNoOutbox = 2;

    /// <summary>Exit code when the outbox file cannot be read (damaged, another program's, locked too long).</summary>
    public const int ExitUnreadable = 3;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "The relay's data folder (default relay-data).",
            DefaultValueFactory = _ => "relay-data",
        };
        var command = new Command("dead-letters", "List the readings the hub refused for good (kept in the outbox's dead letters), as JSON lines.") { data };
        command.SetAction(async (parseResult, cancellationToken) => await RunAsync(
            parseResult.GetValue(data)!, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDirectory, SqliteOutbox.FileName)))
        {
            await error.WriteLineAsync($"dead-letters: {Path.GetFullPath(dataDirectory)} holds no {SqliteOutbox.FileName}; pass the folder the relay ran with as --data DIR.");
            return ExitNoOutbox;
        }

        IReadOnlyList<DeadLetter> letters;
        try
        {
            letters = SqliteOutbox.ListDeadLetters(dataDirectory);
        }
        catch (OutboxUnreadableException ex)
        {
            await error.WriteLineAsync($"dead-letters: {ex.Message}");
            return ExitUnreadable;
        }
        catch (OutboxException ex)
        {
            await error.WriteLineAsync($"dead-letters: could not read {Path.GetFullPath(Path.Combine(dataDirectory, SqliteOutbox.FileName))}: {ex.Message}. Try again; if a relay is writing to it, it holds the file only for moments.");
            return ExitUnreadable;
        }

        foreach (var letter in letters)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(letter, Json).AsMemory(), cancellationToken);
        }

        await error.WriteLineAsync($"dead-letters: {letters.Count} readings refused by the hub in {Path.GetFullPath(dataDirectory)}.");
        return 0;
    }
}
