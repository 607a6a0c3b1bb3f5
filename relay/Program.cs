using System.CommandLine;
using MindMuscle.Live.Relay.Cli;

var root = new RootCommand("MindMuscle.Live relay: reads a runner's BLE sensors, keeps every reading, relays it to the hub and speaks the coach's cues.")
{
    DecodeCommand.Create(),
    RunCommand.Create(),
    ScanCommand.Create(),
    OutboxWriterCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
