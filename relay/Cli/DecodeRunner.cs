using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Relay.Cli;

/// <summary>Runs <c>relay decode</c> against the given writers, so tests can drive it in-process.</summary>
internal static class DecodeRunner
{
    public static async Task<int> RunAsync(DecodeRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!GattUuids.TryParse(request.Characteristic, out var uuid))
        {
            await error.WriteLineAsync($"decode: '{request.Characteristic}' is not a UUID (use 2a37, 0x2A37 or a 128-bit UUID).");
            return DecodeCommand.ExitMalformed;
        }

        if (!GattSampleDecoder.IsSupported(uuid))
        {
            await error.WriteLineAsync($"decode: characteristic {GattUuids.Format(uuid)} is not supported "
                + "(2a37, 2a38, 2a53, 2a63, 2a19, " + GattUuids.RunningDynamics.ToString("D") + ").");
            return DecodeCommand.ExitMalformed;
        }

        if ((request.Hex is null) == (request.File is null))
        {
            await error.WriteLineAsync("decode: give exactly one of --hex or --file.");
            return DecodeCommand.ExitMalformed;
        }

        var normalizer = new CadenceNormalizer(request.CadenceMode);
        if (request.Hex is not null)
        {
            if (!DecodeJson.TryDecodeLine(uuid, request.Hex, normalizer, out var json, out var message))
            {
                await error.WriteLineAsync($"decode {GattUuids.Format(uuid)}: {message}");
                return DecodeCommand.ExitMalformed;
            }

            await output.WriteLineAsync(json);
            return 0;
        }

        return await RunFileAsync(uuid, request.File!, normalizer, output, error, cancellationToken);
    }

    /// <summary>
    /// One JSON line per non-blank input line; a bad line becomes <c>{"line": N, "error": "..."}</c> and the rest still
    /// decode. The whole file is one sensor, so Auto cadence stays sticky across its lines.
    /// </summary>
    private static async Task<int> RunFileAsync(
        Guid uuid, FileInfo file, CadenceNormalizer normalizer, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(file.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"decode: cannot read {file.FullName}: {ex.Message}");
            return DecodeCommand.ExitMalformed;
        }

        var failed = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var lineNumber = i + 1;
            if (DecodeJson.TryDecodeLine(uuid, lines[i], normalizer, out var json, out var message, lineNumber))
            {
                await output.WriteLineAsync(json);
            }
            else
            {
                failed++;
                await output.WriteLineAsync(DecodeJson.LineError(lineNumber, message));
            }
        }

        if (failed > 0)
        {
            await error.WriteLineAsync($"decode: {failed} of {lines.Count(l => !string.IsNullOrWhiteSpace(l))} lines failed.");
            return DecodeCommand.ExitMalformed;
        }

        return 0;
    }
}
