using System.CommandLine;
using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// <c>marker --session ID --kind lap|repStart|repEnd|note [--runner ID] [--at MS] [--text TEXT]</c>: marks the session's
/// timeline through <c>POST /api/sessions/{id}/markers</c> (a script, a button box) and prints the recorded marker as JSON.
/// </summary>
internal static class MarkerCommand
{
    public static Command Create(HubTargetOptions hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var session = new Option<string>("--session") { Description = "Session id", Required = true };
        var kind = new Option<MarkerKind>("--kind")
        {
            Description = "lap, repStart, repEnd or note",
            Required = true,
            CustomParser = r => ParseKind(r.Tokens.Count > 0 ? r.Tokens[0].Value : "", out var k) ? k : Fail(r),
        };
        var runner = new Option<string?>("--runner") { Description = "Runner id (default: the whole group)" };
        var at = new Option<long?>("--at") { Description = "UTC unix ms (default: the hub's now)" };
        var text = new Option<string?>("--text") { Description = $"Note text (at most {MarkerRequest.MaxTextLength} characters)" };
        var command = new Command("marker", "Mark a lap, a rep start or end, or a note on a session's timeline.") { session, kind, runner, at, text };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new MarkerRequest
            {
                Kind = parseResult.GetValue(kind),
                RunnerId = parseResult.GetValue(runner),
                At = parseResult.GetValue(at),
                Text = parseResult.GetValue(text),
            };
            return RunAsync(hub.Resolve(parseResult), parseResult.GetValue(session)!, request, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Callable in-process (tests pass their own writers).</summary>
    public static Task<int> RunAsync(HubTarget target, string sessionId, MarkerRequest request, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!target.HasCredentials)
        {
            return Task.FromResult(CommandErrors.MissingCredentials(error));
        }

        if (request.Text is { Length: > MarkerRequest.MaxTextLength } || request.At is <= 0)
        {
            error.WriteLine($"error: --text is at most {MarkerRequest.MaxTextLength} characters and --at a UTC unix time in ms.");
            return Task.FromResult(CommandErrors.Usage);
        }

        return CommandErrors.RunAsync(async () =>
        {
            using var http = CoachHttp.Create();
            var recorded = await new CoachRestClient(http, target).AddMarkerAsync(sessionId, request, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(recorded, CoachJson.Options)).ConfigureAwait(false);
            return CommandErrors.Ok;
        }, error);
    }

    /// <summary>The contract's names (lap, repStart, repEnd, note), any case.</summary>
    public static bool ParseKind(string text, out MarkerKind kind)
    {
        foreach (var candidate in Enum.GetValues<MarkerKind>())
        {
            if (string.Equals(JsonSerializer.Serialize(candidate, CoachJson.Options).Trim('"'), text, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static MarkerKind Fail(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError("--kind is lap, repStart, repEnd or note");
        return default;
    }
}
