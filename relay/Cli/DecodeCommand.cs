using System.CommandLine;
using MindMuscle.Live.Core.Gatt;

namespace MindMuscle.Live.Relay.Cli;

/// <summary><c>relay decode</c>: decodes one GATT payload (or a file of them) to the sample JSON.</summary>
internal static class DecodeCommand
{
    /// <summary>Exit code for a malformed payload, an unreadable file or bad arguments.</summary>
    public const int ExitMalformed = 2;

    public static Command Create()
    {
        var charOption = new Option<string>("--char")
        {
            Description = "Characteristic UUID: 16-bit short form (2a37, 0x2A37) or the full 128-bit form.",
            Required = true,
        };
        var hexOption = new Option<string?>("--hex")
        {
            Description = "Payload as hex; spaces, colons and dashes between bytes are allowed (\"16 3c 00 04\").",
        };
        var fileOption = new Option<FileInfo?>("--file")
        {
            Description = "A file with one hex payload per line; prints one JSON line per input line.",
        };
        var cadenceOption = new Option<string>("--cadence-mode")
        {
            Description = "RSC cadence unit: auto (default), per-foot (x2) or steps (x1).",
            DefaultValueFactory = _ => "auto",
        };
        cadenceOption.AcceptOnlyFromAmong("auto", "per-foot", "steps");

        var command = new Command("decode", "Decode a BLE GATT characteristic payload to JSON.")
        {
            charOption, hexOption, fileOption, cadenceOption,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var request = new DecodeRequest(
                parseResult.GetValue(charOption)!,
                parseResult.GetValue(hexOption),
                parseResult.GetValue(fileOption),
                ParseCadenceMode(parseResult.GetValue(cadenceOption)));
            return await DecodeRunner.RunAsync(request, output, error, cancellationToken);
        });
        return command;
    }

    private static CadenceMode ParseCadenceMode(string? text) => text switch
    {
        "per-foot" => CadenceMode.PerFoot,
        "steps" => CadenceMode.Steps,
        _ => CadenceMode.Auto,
    };
}
