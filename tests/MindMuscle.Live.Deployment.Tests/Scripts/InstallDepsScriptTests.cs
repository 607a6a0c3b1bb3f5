using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Scripts;

/// <summary>
/// scripts/install-deps.sh run for real with a PATH of links to this machine's programs minus the ones a test takes
/// away (always apt-get and sudo, so nothing gets installed): what it says and how it exits when a package is missing.
/// </summary>
public sealed class InstallDepsScriptTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-deps-");

    [Fact]
    public async Task Run_InCiWithRedisMissingAndNoApt_ExitsOneNamingThePackage()
    {
        var (exitCode, output) = await RunAsync(ci: true, without: ["redis-server"]);

        Assert.True(exitCode == 1, output);
        Assert.Contains("install-deps: missing: redis-server", output, StringComparison.Ordinal);
        Assert.Matches(@"install with: sudo apt-get install -y .*\bredis-server\b", output);
        Assert.Contains("FAILED: CI is set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutsideCiWithRedisMissingAndNoApt_ExitsZeroSayingHowToInstallIt()
    {
        var (exitCode, output) = await RunAsync(ci: false, without: ["redis-server"]);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"install with: sudo apt-get install -y .*\bredis-server\b", output);
        Assert.Contains("will be skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InCiWithPostgresBinDirMissing_ExitsOneNamingPostgresql()
    {
        var (exitCode, output) = await RunAsync(ci: true, without: [], env: ["MML_PG_BIN=/nonexistent/postgresql/bin"], packages: ["postgresql"]);

        Assert.True(exitCode == 1, output);
        Assert.Contains("install with: sudo apt-get install -y postgresql", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InCiWithRedisWhereTheTestsLookForIt_ExitsZeroQuietly()
    {
        var redis = Path.Combine(_dir.FullName, "redis-server");
        await File.WriteAllTextAsync(redis, "#!/bin/sh\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(redis, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (exitCode, output) = await RunAsync(ci: true, without: ["redis-server"], env: [$"MML_REDIS_SERVER={redis}"], packages: ["redis-server"]);

        Assert.True(exitCode == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task Run_UnknownPackage_ExitsTwoListingTheKnownOnes()
    {
        var (exitCode, output) = await RunAsync(ci: false, without: [], packages: ["redis"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown package 'redis' (known: espeak-ng redis-server postgresql dbus nginx curl jq nodejs npm chromium)", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private Task<(int ExitCode, string Output)> RunAsync(bool ci, string[] without, string[]? env = null, string[]? packages = null)
    {
        var path = ProgramsOnPath.Without(_dir.FullName, ["apt-get", "sudo", .. without]);

        // CI comes from the test's own environment otherwise (a CI runner sets it): always say which one we mean.
        string[] arguments =
        [
            "-u", "CI", "-u", "MML_REDIS_SERVER", "-u", "MML_PG_BIN", $"PATH={path}", .. ci ? ["CI=true"] : Array.Empty<string>(),
            .. env ?? [], "bash", RepoPaths.Of("scripts/install-deps.sh"), .. packages ?? [],
        ];
        return ChildProcess.RunAsync("env", arguments, Timeout, TestContext.Current.CancellationToken);
    }
}
