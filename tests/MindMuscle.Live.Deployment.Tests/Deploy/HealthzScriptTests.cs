using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>deploy/healthz.sh: the images' HEALTHCHECK (bash /dev/tcp, no curl), run for real against real sockets.</summary>
public sealed class HealthzScriptTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Run_Endpoint200_ExitsZero()
    {
        await using var backend = new TinyHttpBackend("hub-a", status: 200);

        var (exitCode, output) = await RunAsync($"http://127.0.0.1:{backend.Port}/healthz");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Run_Endpoint503_ExitsOneNamingTheAnswer()
    {
        await using var backend = new TinyHttpBackend("hub-a", status: 503);

        var (exitCode, output) = await RunAsync($"http://127.0.0.1:{backend.Port}/healthz");

        Assert.Equal(1, exitCode);
        Assert.Contains("503", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListening_ExitsOne()
    {
        var port = FreePort.Next();

        var (exitCode, output) = await RunAsync($"http://127.0.0.1:{port}/healthz");

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot connect", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotAnHttpUrl_ExitsTwo()
    {
        var (exitCode, _) = await RunAsync("https://example.invalid/healthz");

        Assert.Equal(2, exitCode);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string url) =>
        ChildProcess.RunAsync("bash", [RepoPaths.Of("deploy/healthz.sh"), url], Timeout, TestContext.Current.CancellationToken);
}
