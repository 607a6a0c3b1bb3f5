namespace MindMuscle.Live.Relay.Hosting;

/// <summary>What <c>relay run</c> asks a reading source for: <c>--source</c> and the options that shape it.</summary>
/// <param name="Spec">sim:SCENARIO | ble | file:PATH</param>
/// <param name="Name">The runner's name (<c>--name</c>); with several runners the source names them.</param>
/// <param name="Runners">Simulated runners in this process (<c>--runners</c>).</param>
/// <param name="Speed">File replay speed-up (<c>--speed</c>).</param>
internal sealed record SourceRequest(string Spec, string? Name, int Runners, double Speed);
