using System.CommandLine;
using MindMuscle.Live.CoachConsole.Live;

namespace MindMuscle.Live.CoachConsole.Tests.Live;

public sealed class MaxHeartRateOptionTests
{
    [Fact]
    public void Parse_NoValue_DefaultWithoutErrors()
    {
        var (option, root) = CreateSut();

        var result = root.Parse([]);

        Assert.Empty(result.Errors);
        Assert.Equal(MaxHeartRateOption.Default, result.GetValue(option));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("99")]
    [InlineData("400")]
    public void Parse_OutOfRange_ErrorNamesTheOption(string value)
    {
        var (_, root) = CreateSut();

        var result = root.Parse(["--max-hr", value]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("--max-hr must be 100–250 bpm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InRange_TakesTheValue()
    {
        var (option, root) = CreateSut();

        var result = root.Parse(["--max-hr", "176"]);

        Assert.Empty(result.Errors);
        Assert.Equal(176, result.GetValue(option));
    }

    private static (Option<int> Option, RootCommand Root) CreateSut()
    {
        var option = MaxHeartRateOption.Create();
        return (option, new RootCommand { option });
    }
}
