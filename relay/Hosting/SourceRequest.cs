using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Hosting;

/// <summary>What <c>relay run</c> asks a reading source for: <c>--source</c> and the options that shape it.</summary>
/// <param name="Spec">sim:SCENARIO | ble | file:PATH</param>
/// <param name="Name">The runner's name (<c>--name</c>); with several runners the source names them.</param>
/// <param name="Runners">Simulated runners in this process (<c>--runners</c>).</param>
/// <param name="Speed">File replay speed-up (<c>--speed</c>).</param>
public sealed record SourceRequest(string Spec, string? Name, int Runners, double Speed);

/// <summary>The seam between <c>relay run</c> and the sensors part's source factory.</summary>
public delegate IReadingSource ReadingSourceProvider(SourceRequest request);

/// <summary>The source spec names no source this build can open.</summary>
public sealed class SourceUnavailableException(string message) : Exception(message);

/// <summary>
/// Until the sensors part's <c>ReadingSourceFactory</c> is merged, <c>relay run</c> opens sources through this default,
/// which names the missing piece instead of guessing. The lead swaps it for <c>ReadingSourceFactory.Create</c>.
/// </summary>
internal static class DefaultReadingSources
{
    public static IReadingSource Create(SourceRequest request) =>
        throw new SourceUnavailableException(
            $"--source {request.Spec}: this build has no reading sources yet (the sensors part provides sim:, ble and file:).");
}
