using MindMuscle.Live.TestKit;
using MindMuscle.Live.TestKit.Faults;

namespace MindMuscle.Live.Faults.Tests.Gatt;

/// <summary>
/// Replays the libFuzzer seed corpus (tests/fuzz/corpus/&lt;target&gt;/) through the same oracle the fuzzers use, so the
/// seeds stay meaningful (most decode) and any crash input later added there becomes a regression test in CI.
/// </summary>
public sealed class FuzzCorpusReplayTests
{
    public static TheoryData<GattFuzzTarget> Targets() => new(Enum.GetValues<GattFuzzTarget>());

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_SeedCorpus_NoInvariantBrokenAndMostSeedsDecode(GattFuzzTarget target)
    {
        var folder = RepoPaths.Of(Path.Combine("tests", "fuzz", "corpus", target.ToString()));
        var files = Directory.GetFiles(folder);

        var accepted = files.Count(f => GattFuzzOracle.Run(target, File.ReadAllBytes(f)));

        Assert.NotEmpty(files);
        Assert.True(accepted * 2 >= files.Length, $"{target}: only {accepted} of {files.Length} seeds decode");
    }
}
