using MindMuscle.Live.Bench.Load.Cli;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Cli;

/// <summary>Which hubs a run measures for --hub and --bare-record, and the real shape's default of a recording bare hub.</summary>
public sealed class HubChoiceTests
{
    [Theory]
    [InlineData("both", null, true, "bare+record,product")]
    [InlineData("both", null, false, "bare,product")]
    [InlineData("both", "off", true, "bare,product")]
    [InlineData("both", "on", false, "bare+record,product")]
    [InlineData("both", "both", true, "bare,bare+record,product")]
    [InlineData("bare", "both", false, "bare,bare+record")]
    [InlineData("product", "both", true, "product")]
    public void Hubs_HubAndBareRecord_ListsTheHubsInOrder(string hub, string? bareRecord, bool realShape, string expected)
    {
        var hubs = BenchCli.Hubs(hub, bareRecord, realShape);

        Assert.Equal(expected, string.Join(',', hubs.Select(h => new LoadConfig { Hub = h.Kind, BareRecord = h.BareRecord }.HubName)));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    [InlineData("both")]
    public void Parse_BareRecordKnownValue_IsAccepted(string value)
    {
        var parse = BenchCli.Build().Parse(["--real-shape", "--bare-record", value]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public void Parse_BareRecordUnknownValue_IsAnError()
    {
        var parse = BenchCli.Build().Parse(["--bare-record", "sometimes"]);

        Assert.NotEmpty(parse.Errors);
    }
}
