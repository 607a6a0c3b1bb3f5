using System.Text.RegularExpressions;
using MindMuscle.Live.Relay.Tests.Uplink;
using MindMuscle.Live.TestKit.Hosting;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Relay.Tests.Hosting;

/// <summary>What a runner sees of <c>relay run</c> when the hub is away or refuses: the real relay as a child process.</summary>
public sealed partial class RelayRunOutputTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_HubPortClosed_StatusLineSaysUnreachableWhyAndWhenItRetries()
    {
        var hub = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var relay = StartRelay(hub, "TESTCODE");

        var line = await relay.WaitForLineAsync(l => l.Contains("hub unreachable", StringComparison.Ordinal), Step, Ct);

        Assert.Matches(UnreachableLine(), line);
        Assert.Contains("(connection refused)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_JoinCodeTheHubDoesNotKnow_Exit2WithWhatToDo()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, Ct);
        using var relay = StartRelay(hub.Url, "NOSUCHCODE");

        await relay.WaitForExitAsync(Step, Ct);

        Assert.Equal(2, relay.ExitCode);
        Assert.Contains("has no running session with join code NOSUCHCODE", relay.RecentOutput, StringComparison.Ordinal);
        Assert.Contains("Check the code with your coach", relay.RecentOutput, StringComparison.Ordinal);
        Assert.Empty(hub.State.Read(s => s.Runners));
    }

    [Fact]
    public async Task Run_FirstJoinToEndedSession_Exit2SayingTheSessionMayHaveEnded()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, Ct);
        hub.State.Ended = true;
        using var relay = StartRelay(hub.Url, "TESTCODE");

        await relay.WaitForExitAsync(Step, Ct);

        Assert.Equal(2, relay.ExitCode);
        Assert.Contains("has no running session with join code TESTCODE: the code is wrong or its session has ended", relay.RecentOutput, StringComparison.Ordinal);
        // The hub's own words reach the runner.
        Assert.Contains("it ends when the session ends", relay.RecentOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("does not know", relay.RecentOutput, StringComparison.Ordinal);
        Assert.Empty(hub.State.Read(s => s.Runners));
    }

    [Fact]
    public async Task Run_HubGoesAwayWhileConnected_FrameworkNetworkErrorsLoggedWithoutStackTraces()
    {
        await using var hub = await InTestHub.StartAsync().WaitAsync(Step, Ct);
        using var relay = StartRelay(hub.Url, "TESTCODE");
        await hub.State.WaitUntilAsync(s => s.Runners.Values.Any(r => r.UpTo > 0), Step, "the relay publishing");

        await hub.StopAsync().WaitAsync(Step, Ct);
        // The SignalR client logs each failed reconnect attempt; wait for two so the formatter has seen them.
        await relay.WaitForLineAsync(l => l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal), Step, Ct);
        var second = await relay.WaitForLineAsync(l => l.Contains("hub unreachable", StringComparison.Ordinal), Step, Ct);

        var lines = relay.RecentOutput.Split('\n');
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Contains("Exception: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => StackFrame().IsMatch(l));
        Assert.Matches(UnreachableLine(), second);
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ChildProcess StartRelay(Uri hub, string joinCode) => ChildProcess.Start(
        "dotnet",
        [
            BuildOutput.RelayDll, "run", "--hub", hub.ToString(), "--join", joinCode, "--name", "Ana", "--source", "sim:steady",
            "--speech", "none", "--data", _dir.Path,
        ],
        _dir.Path);

    [GeneratedRegex(@"Ana: hub unreachable since \d\d:\d\d:\d\d \([a-z0-9 .-]+\) \| retrying (in \d+ s|now) \| \d+ readings kept")]
    private static partial Regex UnreachableLine();

    [GeneratedRegex(@"^\s+at \S")]
    private static partial Regex StackFrame();
}
