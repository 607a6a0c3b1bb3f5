using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Deployment.Tests.Hosting;

public sealed class BuildOutputTests
{
    [Fact]
    public void Find_AppNotBuilt_FailsNamingTheBuildCommand()
    {
        var error = Assert.Throws<FileNotFoundException>(() => BuildOutput.Find("no-such-app", "MindMuscle.Live.NoSuchApp"));

        Assert.Contains($"dotnet build no-such-app -c {BuildOutput.Configuration}", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(RepoPaths.Root, "no-such-app", "bin", BuildOutput.Configuration), error.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_OverrideVariableNamesAMissingFile_FailsNamingTheVariable()
    {
        var variable = "MML_TEST_DLL_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "/nonexistent/app.dll");
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => BuildOutput.Find("hub", "MindMuscle.Live.Hub", variable));

            Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
