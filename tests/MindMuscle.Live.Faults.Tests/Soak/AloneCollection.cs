namespace MindMuscle.Live.Faults.Tests.Soak;

/// <summary>
/// Load and abuse tests measure latency, memory and descriptors: they run after the parallel tests, one at a time,
/// so the fuzzers and fault scenarios do not share the 2 cores with them (and they do not slow those down).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Load and abuse, alone";
}
