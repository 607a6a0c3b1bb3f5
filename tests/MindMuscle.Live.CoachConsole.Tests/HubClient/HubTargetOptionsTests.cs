using System.CommandLine;
using MindMuscle.Live.CoachConsole.HubClient;

namespace MindMuscle.Live.CoachConsole.Tests.HubClient;

public sealed class HubOptionsTests
{
    [Fact]
    public void Resolve_ExplicitOptions_TargetWithSlashTerminatedUrl()
    {
        var (sut, root) = CreateSut();

        var target = sut.Resolve(root.Parse(["--hub", "http://10.0.0.5:5080/mml", "--token", " tok ", "--coach-key", ""]));

        Assert.Equal(new Uri("http://10.0.0.5:5080/mml/"), target.HubUrl);
        Assert.Equal("tok", target.Token);
        Assert.Null(target.CoachKey);
        Assert.True(target.HasCredentials);
    }

    [Theory]
    [InlineData("ftp://hub")]
    [InlineData("not a url")]
    public void Parse_BadHubUrl_ParseErrorNamesTheFix(string url)
    {
        var (_, root) = CreateSut();

        var result = root.Parse(["--hub", url]);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("--hub:", error.Message, StringComparison.Ordinal);
        Assert.Contains("http(s) URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoOptions_DefaultsParseWithoutErrors()
    {
        var (sut, root) = CreateSut();

        var result = root.Parse([]);

        Assert.Empty(result.Errors);
        Assert.Equal(HubTarget.DefaultHubUrl, sut.Resolve(result).HubUrl);
    }

    private static (HubTargetOptions Options, RootCommand Root) CreateSut()
    {
        var options = new HubTargetOptions();
        var root = new RootCommand();
        options.AddTo(root);
        return (options, root);
    }
}
