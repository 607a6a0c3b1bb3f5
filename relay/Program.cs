using System.CommandLine;
using MindMuscle.Live.Relay.Cli;

namespace MindMuscle.Live.Relay;

/// <summary>
/// The relay's entry point. In its own namespace, not top-level statements: test assemblies that see the relay's
/// internals also use the hub's global <c>Program</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("MindMuscle.Live relay: reads a runner's BLE sensors, keeps every reading, relays it to the hub and speaks the coach's cues.")
        {
            DecodeCommand.Create(),
            RunCommand.Create(),
            ScanCommand.Create(),
            DeadLettersCommand.Create(),
            OutboxWriterCommand.Create(),
        };

        return await root.Parse(args).InvokeAsync();
    }
}
