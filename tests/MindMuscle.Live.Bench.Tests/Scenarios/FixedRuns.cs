using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>Fixed run results for the tests that judge runs without starting a hub.</summary>
internal static class FixedRuns
{
    /// <summary>A run that holds: everything offered was accepted, p99 under the limit, nothing lost.</summary>
    public static RunResult Clean(LoadConfig config) => new()
    {
        Config = config,
        Latency = new LatencySummary(100, 1, 2, 20, 21),
        AckLatency = new LatencySummary(100, 1, 2, 30, 31),
        PublishedSamples = 1000,
        AcceptedSamplesPerSecond = config.Runners * config.Hz,
        RecordedRows = 1000,
        LostInRecording = 0,
        DuplicatesInRecording = 0,
    };
}
