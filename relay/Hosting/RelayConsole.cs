namespace MindMuscle.Live.Relay.Hosting;

/// <summary>Where the status goes (stdout in the app, a StringWriter in tests) and whether it is a terminal.</summary>
internal sealed record RelayConsole(TextWriter Out, bool IsTerminal);
