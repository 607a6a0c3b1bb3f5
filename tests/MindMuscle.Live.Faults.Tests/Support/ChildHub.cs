using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Faults.Tests.Support;

/// <summary>The kit's child-process hub as the fault and soak suites run it.</summary>
internal static class ChildHub
{
    /// <summary>Starts the hub over <paramref name="folder"/>, which outlives it (restarts recover from it).</summary>
    public static Task<HubChildProcess> StartAsync(string folder, CancellationToken ct) =>
        HubChildProcess.StartAsync(
            folder,
            // All runners join from 127.0.0.1: lift the per-address join limit (its own test is the hostile-client suite's).
            new Dictionary<string, string> { ["Hub__JoinPermitLimit"] = "10000" },
            ct);
}
