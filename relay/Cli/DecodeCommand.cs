using System.CommandLine;

namespace MindMuscle.Live.Relay.Cli;

/// <summary><c>relay decode</c>: decodes one GATT payload (or a file of them) to the sample JSON.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var command = new Command("decode", "Decode a BLE GATT characteristic payload to JSON.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("decode: not available in this build yet.");
            return 2;
        });
        return command;
    }
}
