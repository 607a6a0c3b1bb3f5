using System.Text.Json;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class CueIdsTests
{
    [Theory]
    [InlineData("""["a","b"]""", 2)]
    [InlineData("""{"cueIds":["a"]}""", 1)]
    [InlineData("\"a\"", 1)]
    [InlineData("null", 0)]
    public void Parse_Answers_Parsed(string json, int count)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(count, CueIds.Parse(document.RootElement).Count);
    }
}
