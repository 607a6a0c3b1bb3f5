using MindMuscle.Live.TestKit.Servers;
using Xunit.Sdk;

namespace MindMuscle.Live.Deployment.Tests.Servers;

public sealed class MissingPartTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("True", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void IsCi_VariableValue_TrueUnlessUnsetEmptyZeroOrFalse(string? value, bool expected)
    {
        var ci = MissingPart.IsCi(value);

        Assert.Equal(expected, ci);
    }

    [Fact]
    public void SkipOrFail_MissingOutsideCi_SkipsWithTheReason()
    {
        var thrown = Catch(() => MissingPart.SkipOrFail("redis-server is not installed", ci: false));

        // xunit reports a test whose exception message starts with its dynamic-skip token as skipped.
        Assert.IsType<SkipException>(thrown);
        Assert.Equal("$XunitDynamicSkip$redis-server is not installed", thrown.Message);
    }

    [Fact]
    public void SkipOrFail_MissingInCi_FailsWithTheReason()
    {
        var thrown = Record.Exception(() => MissingPart.SkipOrFail("redis-server is not installed", ci: true));

        Assert.IsType<FailException>(thrown);
        Assert.Contains("redis-server is not installed", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SkipOrFail_NothingMissingInCi_DoesNothing()
    {
        var thrown = Record.Exception(() => MissingPart.SkipOrFail(null, ci: true));

        Assert.Null(thrown);
    }

    /// <summary>Record.Exception rethrows a skip (so a skip inside it still skips): catch it by hand.</summary>
    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
