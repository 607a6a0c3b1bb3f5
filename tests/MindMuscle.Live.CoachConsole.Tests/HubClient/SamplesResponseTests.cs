using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class SamplesResponseTests
{
    [Fact]
    public void Parse_HubRunnerChunks_TakesOnlyAskedRunnerInSeqOrder()
    {
        using var json = JsonDocument.Parse("""
            [{"runnerId":"r1","samples":[{"seq":1,"observedAt":1},{"seq":2,"observedAt":2}]},
             {"runnerId":"r1","samples":[{"seq":3,"observedAt":3}]},
             {"runnerId":"r2","samples":[{"seq":1,"observedAt":1}]}]
            """);

        var samples = SamplesResponse.Parse(json.RootElement, "r1");

        Assert.Equal([1L, 2L, 3L], samples.Select(s => s.Seq));
    }

    [Fact]
    public void Parse_BareArray_ReadAsSamples()
    {
        using var json = JsonDocument.Parse("""[{"seq":4,"observedAt":1,"heartRateBpm":150}]""");

        var sample = Assert.Single(SamplesResponse.Parse(json.RootElement, "r1"));

        Assert.Equal(150, sample.HeartRateBpm);
    }

    [Fact]
    public void Parse_Number_TypedError()
    {
        using var json = JsonDocument.Parse("42");

        Assert.Throws<HubApiException>(() => SamplesResponse.Parse(json.RootElement, "r1"));
    }
}
