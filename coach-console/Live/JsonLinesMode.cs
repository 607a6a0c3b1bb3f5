using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// <c>live --json</c>: the live feed as one JSON object per line on stdout, named by its single property
/// (<c>samples</c>, <c>alert</c>, <c>alertCleared</c>, <c>runnerStatus</c>, <c>cueUpdate</c>, <c>rep</c>, <c>lap</c>,
/// <c>marker</c>, plus <c>snapshot</c>, <c>connection</c>, <c>cueSent</c>, <c>markerSent</c>, <c>error</c>), and commands
/// as JSON lines on stdin: <c>{"cue": {"runnerId": "...", "text": "..."}}</c>, <c>{"cue": {"runnerId": null, "cueId": "..."}}</c>
/// (group), <c>{"marker": {"kind": "lap|repStart|repEnd|note", "runnerId": null, "at": null, "text": null}}</c>,
/// <c>{"quit": {}}</c>. A bad command line is answered with an <c>error</c> line and counted, never fatal.
/// </summary>
internal sealed class JsonLinesMode(TextReader input, TextWriter output, ICueSender cues, IMarkerSender? markers = null) : IDisposable
{
    public const int MaxCueText = 500;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _commandErrors;

    public int CommandErrors => Volatile.Read(ref _commandErrors);

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Streams events until cancelled, the feed ends, or a <c>quit</c> command; stdin ending does not stop the feed.</summary>
    public async Task RunAsync(ChannelReader<LiveEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var commands = ReadCommandsAsync(stop, stop.Token);
        try
        {
            await foreach (var evt in events.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (ToJson(evt) is { } line)
                {
                    await WriteLineAsync(line, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Quit command or Ctrl+C.
        }

        await stop.CancelAsync().ConfigureAwait(false);

        // Console.In reads a line synchronously and ignores cancellation: after Ctrl+C the reader may sit in a read
        // until the next line. Give it a moment to finish, then leave it; the process is exiting.
        await Task.WhenAny(commands, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
    }

    public static string? ToJson(LiveEvent evt)
    {
        JsonObject? line = evt switch
        {
            SamplesReceived s => Wrap("samples", s.Frame),
            AlertRaised a => Wrap("alert", a.Alert),
            AlertCleared c => Wrap("alertCleared", c.Alert),
            RunnerStatusChanged r => Wrap("runnerStatus", r.Status),
            CueUpdated c => Wrap("cueUpdate", c.Cue),
            RepReceived r => Wrap("rep", r.Rep),
            LapReceived l => Wrap("lap", l.Lap),
            MarkerReceived m => Wrap("marker", m.Marker),
            SessionUpdated u => Wrap("sessionUpdated", u.Session),
            SnapshotReceived s => WithGap(Wrap("snapshot", s.Snapshot), s.Gap),
            GapFilled g => new JsonObject
            {
                ["gapFilled"] = new JsonObject
                {
                    ["runnerId"] = g.RunnerId,
                    ["fromSeq"] = g.FromSeq,
                    ["toSeq"] = g.ToSeq,
                    ["samples"] = JsonSerializer.SerializeToNode(g.Samples, CoachJson.Options),
                    ["error"] = g.Error,
                    ["cause"] = JsonNamingPolicy.CamelCase.ConvertName(g.Cause.ToString()),
                },
            },
            ConnectionChanged c => new JsonObject
            {
                ["connection"] = new JsonObject { ["status"] = JsonNamingPolicy.CamelCase.ConvertName(c.Status.ToString()), ["detail"] = c.Detail },
            },
            _ => null,
        };
        return line?.ToJsonString(CoachJson.Options);
    }

    /// <summary>Parses one stdin line into a cue request, or says what is wrong with it.</summary>
    public static (CueRequest? Request, bool Quit, string? Error) ParseCommand(string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException ex)
        {
            return (null, false, $"not JSON: {ex.Message}");
        }

        if (node is not JsonObject command)
        {
            return (null, false, "a command is a JSON object such as {\"cue\": {\"runnerId\": \"...\", \"text\": \"...\"}}");
        }

        if (command.ContainsKey("quit"))
        {
            return (null, true, null);
        }

        if (command["cue"] is not JsonObject cue)
        {
            return (null, false, "unknown command: expected {\"cue\": {...}}, {\"marker\": {...}} or {\"quit\": {}}");
        }

        CueRequest? request;
        try
        {
            request = cue.Deserialize<CueRequest>(CoachJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, false, $"cue: {ex.Message}");
        }

        if (request is null || (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.CueId)))
        {
            return (null, false, "cue needs \"text\" or \"cueId\"");
        }

        if (request.Text is { Length: > MaxCueText })
        {
            return (null, false, $"cue text is longer than {MaxCueText} characters");
        }

        if (request.TtlSeconds is <= 0)
        {
            return (null, false, "cue ttlSeconds must be positive");
        }

        return (request with { RunnerId = string.IsNullOrWhiteSpace(request.RunnerId) ? null : request.RunnerId }, false, null);
    }

    /// <summary>
    /// Parses a <c>{"marker": {...}}</c> line into a marker request, or says what is wrong with it; null when the line is
    /// not a marker command (<see cref="ParseCommand"/> reads it).
    /// </summary>
    public static (MarkerRequest? Request, string? Error)? ParseMarkerCommand(string line)
    {
        JsonObject? command;
        try
        {
            command = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (command is null || !command.ContainsKey("marker"))
        {
            return null;
        }

        if (command["marker"] is not JsonObject marker)
        {
            return (null, "marker is an object such as {\"kind\": \"lap\", \"runnerId\": null}");
        }

        MarkerRequest? request;
        try
        {
            request = marker.Deserialize<MarkerRequest>(CoachJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, $"marker: {ex.Message} (kind is lap, repStart, repEnd or note)");
        }

        if (request is null || !marker.ContainsKey("kind") || !Enum.IsDefined(request.Kind))
        {
            return (null, "marker needs \"kind\": lap, repStart, repEnd or note");
        }

        if (request.Text is { Length: > MarkerRequest.MaxTextLength })
        {
            return (null, $"marker text is longer than {MarkerRequest.MaxTextLength} characters");
        }

        if (request.At is <= 0)
        {
            return (null, "marker at is a UTC unix time in ms (or null for the hub's now)");
        }

        return (request with { RunnerId = string.IsNullOrWhiteSpace(request.RunnerId) ? null : request.RunnerId }, null);
    }

    private async Task ReadCommandsAsync(CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var number = 0;
        try
        {
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (ParseMarkerCommand(line) is { } marker)
                {
                    await MarkAsync(number, marker.Request, marker.Error, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var (request, quit, error) = ParseCommand(line);
                if (quit)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (request is null)
                {
                    await ErrorAsync(number, error ?? "invalid command", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var ids = await cues.SendCueAsync(request, cancellationToken).ConfigureAwait(false);
                    var sent = new JsonObject
                    {
                        ["cueSent"] = new JsonObject
                        {
                            ["line"] = number,
                            ["runnerId"] = request.RunnerId,
                            ["cueIds"] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]),
                        },
                    };
                    await WriteLineAsync(sent.ToJsonString(CoachJson.Options), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await ErrorAsync(number, $"cue not sent: {ex.Message}", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task MarkAsync(int number, MarkerRequest? request, string? error, CancellationToken cancellationToken)
    {
        if (request is null || markers is null)
        {
            await ErrorAsync(number, error ?? "markers cannot be added here", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var recorded = await markers.AddMarkerAsync(request, cancellationToken).ConfigureAwait(false);
            var sent = new JsonObject { ["markerSent"] = new JsonObject { ["line"] = number, ["marker"] = JsonSerializer.SerializeToNode(recorded, CoachJson.Options) } };
            await WriteLineAsync(sent.ToJsonString(CoachJson.Options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ErrorAsync(number, $"marker not added: {ex.Message}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ErrorAsync(int line, string message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _commandErrors);
        var error = new JsonObject { ["error"] = new JsonObject { ["line"] = line, ["message"] = message } };
        await WriteLineAsync(error.ToJsonString(CoachJson.Options), cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static JsonObject Wrap<T>(string name, T value) =>
        new() { [name] = JsonSerializer.SerializeToNode(value, CoachJson.Options) };

    private static JsonObject WithGap(JsonObject line, TimeSpan? gap)
    {
        if (gap is { } g)
        {
            line["gapMs"] = (long)g.TotalMilliseconds;
        }

        return line;
    }
}
