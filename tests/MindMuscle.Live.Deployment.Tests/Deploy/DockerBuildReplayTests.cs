using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>
/// The .NET images' build stages replayed without Docker (restore + publish from exactly the copied files), then the
/// published hub started with the image's CMD arguments and probed by the image's healthcheck. Slow (a restore and a
/// Release publish per image): runs with MML_LONG_TESTS=1.
/// </summary>
public sealed class DockerBuildReplayTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task BuildStage_HubDockerfile_PublishesAHubThatAnswersTheImageHealthcheck()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1", "Slow (restore + publish): set MML_LONG_TESTS=1.");
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("mml-dockerbuild-hub-");
        try
        {
            var dockerfile = Dockerfile.Load(RepoPaths.Of("deploy/hub.Dockerfile"));
            var sut = new DockerBuildReplay(dockerfile, DockerIgnore.Load(RepoPaths.Of(".dockerignore")), root.FullName);

            await sut.RunBuildStageAsync(StepTimeout, ct);

            var app = sut.Map("/out");
            Assert.True(File.Exists(Path.Combine(app, "MindMuscle.Live.Hub.dll")), "publish did not produce the ENTRYPOINT's dll");
            // The image's CMD, with the port and data folder moved to this machine's loopback and temp dir.
            var port = FreePort.Next();
            var data = Directory.CreateDirectory(Path.Combine(root.FullName, "data")).FullName;
            using var hub = ChildProcess.Start("dotnet",
                [Path.Combine(app, "MindMuscle.Live.Hub.dll"), "--urls", $"http://127.0.0.1:{port}", "--data", data], app);
            await hub.WaitForLineAsync(l => l.Contains("Now listening on", StringComparison.Ordinal) || l.Contains("Application started", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), ct);
            var (exitCode, output) = await ChildProcess.RunAsync("bash", [RepoPaths.Of("deploy/healthz.sh"), $"http://127.0.0.1:{port}/healthz"], TimeSpan.FromSeconds(20), ct);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task BuildStage_RelayDockerfile_PublishesTheRelayTheEntrypointRuns()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("MML_LONG_TESTS") == "1", "Slow (restore + publish): set MML_LONG_TESTS=1.");
        var ct = TestContext.Current.CancellationToken;
        var root = Directory.CreateTempSubdirectory("mml-dockerbuild-relay-");
        try
        {
            var dockerfile = Dockerfile.Load(RepoPaths.Of("deploy/relay.Dockerfile"));
            var sut = new DockerBuildReplay(dockerfile, DockerIgnore.Load(RepoPaths.Of(".dockerignore")), root.FullName);

            await sut.RunBuildStageAsync(StepTimeout, ct);

            var dll = Path.Combine(sut.Map("/out"), "MindMuscle.Live.Relay.dll");
            Assert.True(File.Exists(dll), "publish did not produce the relay dll");
            var (exitCode, output) = await ChildProcess.RunAsync("dotnet", [dll, "--help"], TimeSpan.FromSeconds(60), ct);
            Assert.True(exitCode == 0, output);
            Assert.Contains("relay", output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
