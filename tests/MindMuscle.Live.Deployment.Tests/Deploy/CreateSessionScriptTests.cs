using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>deploy/create-session.sh (the compose `session` service) run for real with bash, curl and jq against a real socket.</summary>
public sealed class CreateSessionScriptTests : IDisposable
{
    private const string Created = """{"sessionId":"ses_1","joinCode":"K7PX3M9Q","coachToken":"eyJ.secret.token"}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("mml-session-");

    [Fact]
    public async Task Run_HubCreatesTheSession_WritesTheJoinCodeAndNeverTheToken()
    {
        SkipUnlessTools();
        await using var hub = new TinyHttpBackend("hub", status: 201, body: Created);

        var (exitCode, output) = await RunAsync(hub.Port);

        Assert.True(exitCode == 0, output);
        Assert.Equal("K7PX3M9Q\n", await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "join-code"), TestContext.Current.CancellationToken));
        var session = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "session.json"), TestContext.Current.CancellationToken);
        Assert.Contains("ses_1", session, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", session, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
        var request = Assert.Single(hub.Requests);
        Assert.StartsWith("POST /api/sessions HTTP/1.1", request, StringComparison.Ordinal);
        Assert.Contains("X-Coach-Key: the-coach-key", request, StringComparison.Ordinal);
        Assert.Contains("\"autoCue\":\"suggest\"", request.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SessionAlreadyCreated_KeepsItWithoutAskingTheHub()
    {
        SkipUnlessTools();
        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "join-code"), "OLDCODE1\n", TestContext.Current.CancellationToken);
        await using var hub = new TinyHttpBackend("hub", status: 201, body: Created);

        var (exitCode, output) = await RunAsync(hub.Port);

        Assert.True(exitCode == 0, output);
        Assert.Empty(hub.Requests);
        Assert.Equal("OLDCODE1\n", await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "join-code"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Run_HubRejectsTheCoachKey_FailsAndWritesNothing()
    {
        SkipUnlessTools();
        await using var hub = new TinyHttpBackend("hub", status: 401, body: """{"title":"Unauthorized","detail":"X-Coach-Key is wrong"}""");

        var (exitCode, output) = await RunAsync(hub.Port);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("X-Coach-Key is wrong", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "join-code")));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static void SkipUnlessTools() =>
        MissingPart.SkipOrFail(!File.Exists("/usr/bin/curl") || !File.Exists("/usr/bin/jq") ? "curl and jq are needed: sudo apt-get install -y curl jq" : null);

    private Task<(int ExitCode, string Output)> RunAsync(int port) =>
        ChildProcess.RunAsync("env",
        [
            $"MML_HUB_URL=http://127.0.0.1:{port}", "MML_COACH_KEY=the-coach-key", $"MML_SESSION_DIR={_dir.FullName}",
            "MML_NEW_SESSION=0", "bash", RepoPaths.Of("deploy/create-session.sh"),
        ], Timeout, TestContext.Current.CancellationToken);
}
