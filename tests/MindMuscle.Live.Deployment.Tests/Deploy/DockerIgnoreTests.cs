namespace MindMuscle.Live.Deployment.Tests.Deploy;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("hub/bin/Release/x.dll", true)]
    [InlineData("core/obj/project.assets.json", true)]
    [InlineData("hub/Program.cs", false)]
    [InlineData("tests/MindMuscle.Live.Hub.Tests/x.cs", true)]
    [InlineData(".env", true)]
    [InlineData("deploy/healthz.sh", false)]
    [InlineData("Directory.Build.props", false)]
    public void Excludes_RepositoryDockerignore_KeepsBuildInputsAndDropsOutputs(string path, bool excluded)
    {
        var sut = DockerIgnore.Load(RepoPaths.Of(".dockerignore"));

        var actual = sut.Excludes(path);

        Assert.Equal(excluded, actual);
    }

    [Fact]
    public void Excludes_NegatedPatternAfterExclusion_ReIncludes()
    {
        var sut = DockerIgnore.Parse(["docs/", "!docs/keep.md", "*.tmp"]);

        Assert.True(sut.Excludes("docs/other.md"));
        Assert.False(sut.Excludes("docs/keep.md"));
        Assert.True(sut.Excludes("a.tmp"));
        Assert.False(sut.Excludes("sub/a.tmp"));
    }
}
