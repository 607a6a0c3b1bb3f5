using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>
/// deploy/hub-entrypoint.sh and deploy/relay-entrypoint.sh, run for real with bash; MML_DOTNET=echo shows the command
/// line they would exec instead of starting .NET.
/// </summary>
public sealed class EntrypointScriptTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-entrypoint-");

    [Fact]
    public async Task HubEntrypoint_SigningKeySet_WritesItOwnerOnlyToTheDataFolderAndRunsTheHub()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 48).Select(i => (byte)i).ToArray());
        var data = Path.Combine(_dir.FullName, "data");

        var (exitCode, output) = await RunAsync("hub-entrypoint.sh", [$"MML_JWT_SIGNING_KEY={key}"], "--urls", "http://+:8080", "--data", data);

        Assert.True(exitCode == 0, output);
        Assert.Equal($"/app/MindMuscle.Live.Hub.dll --urls http://+:8080 --data {data}", output.Trim());
        var keyFile = Path.Combine(data, "jwt-signing.key");
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Theory]
    [InlineData("c2hvcnQ=")] // "short": 5 bytes
    [InlineData("not base64!")]
    public async Task HubEntrypoint_WeakOrMalformedKey_RefusesToStart(string key)
    {
        var data = Path.Combine(_dir.FullName, "data");

        var (exitCode, output) = await RunAsync("hub-entrypoint.sh", [$"MML_JWT_SIGNING_KEY={key}"], "--data", data);

        Assert.Equal(64, exitCode);
        Assert.Contains("at least 32 random bytes", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "jwt-signing.key")));
    }

    [Fact]
    public async Task HubEntrypoint_NoKey_LeavesTheHubItsOwnKey()
    {
        var data = Path.Combine(_dir.FullName, "data");

        var (exitCode, _) = await RunAsync("hub-entrypoint.sh", [], "--data", data);

        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(Path.Combine(data, "jwt-signing.key")));
    }

    [Fact]
    public async Task RelayEntrypoint_RunWithoutJoin_AddsTheCodeFromTheSessionFile()
    {
        var codeFile = Path.Combine(_dir.FullName, "join-code");
        await File.WriteAllTextAsync(codeFile, "K7PX3M9Q\n", TestContext.Current.CancellationToken);

        var (exitCode, output) = await RunAsync("relay-entrypoint.sh", [$"MML_JOIN_CODE_FILE={codeFile}"], "run", "--hub", "http://proxy:8080", "--runners", "6");

        Assert.True(exitCode == 0, output);
        Assert.Equal("/app/MindMuscle.Live.Relay.dll run --hub http://proxy:8080 --runners 6 --join K7PX3M9Q", output.Trim());
    }

    [Fact]
    public async Task RelayEntrypoint_ExplicitJoin_IsLeftAlone()
    {
        var (exitCode, output) = await RunAsync("relay-entrypoint.sh", ["MML_JOIN_CODE=FROMENV1"], "run", "--join", "EXPLICIT");

        Assert.Equal(0, exitCode);
        Assert.Equal("/app/MindMuscle.Live.Relay.dll run --join EXPLICIT", output.Trim());
    }

    [Fact]
    public async Task RelayEntrypoint_RunWithNoCodeAnywhere_ExitsWithAHint()
    {
        var (exitCode, output) = await RunAsync("relay-entrypoint.sh", [$"MML_JOIN_CODE_FILE={Path.Combine(_dir.FullName, "missing")}"], "run");

        Assert.Equal(64, exitCode);
        Assert.Contains("no join code", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static Task<(int ExitCode, string Output)> RunAsync(string script, string[] environment, params string[] arguments) =>
        ChildProcess.RunAsync("env", ["-u", "MML_JOIN_CODE", "-u", "MML_JWT_SIGNING_KEY", "MML_DOTNET=echo", .. environment, "bash", RepoPaths.Of($"deploy/{script}"), .. arguments],
            Timeout, TestContext.Current.CancellationToken);
}
