using System.Collections.Concurrent;
using System.Diagnostics;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.LiveScript;

/// <summary>
/// However scripts/live.sh is stopped (Ctrl+C with its output piped into a reader that the same Ctrl+C ended, SIGHUP,
/// SIGTERM, SIGINT), it stops the relay, console and hub it started: no process and no listening port is left.
/// </summary>
public sealed class LiveScriptStopTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(90);
    private const string Joined = "runners joined and publishing";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mml-live-stop-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>`bash scripts/live.sh | tee live.log`, then Ctrl+C: tee is gone before the script writes its summary.</summary>
    [Fact]
    public async Task Stop_ReaderClosedThenInterrupted_StopsEverythingAndKeepsTheSummaryInTheDataFolder()
    {
        LiveScriptRun.SkipUnlessBuilt();
        // SIGPIPE as in a terminal: a parent may start us with it ignored, which would hide the write that killed the script.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--default-signal=PIPE", "bash", LiveScriptRun.Script, "--headless", "--no-build", "--root", _root.FullName])
        {
            info.ArgumentList.Add(argument);
        }

        using var script = Process.Start(info)!;
        var stderr = new ConcurrentQueue<string>();
        script.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
        script.BeginErrorReadLine();
        try
        {
            var printed = await ReadUntilAsync(script.StandardOutput, Joined).WaitAsync(StartTimeout, Ct);
            script.StandardOutput.Dispose();

            // The script may already be stopping (or gone) after a write to the closed pipe: the signal is best effort.
            await SignalAsync(script.Id, "INT", mustReach: false);
            await script.WaitForExitAsync(Ct).WaitAsync(StopTimeout, Ct);

            var run = LiveScriptRun.From(script.ExitCode, printed + "\n" + string.Join('\n', stderr));
            await AssertStoppedAsync(run);
            Assert.True(run.ExitCode == 0, run.Output);
            var kept = await File.ReadAllTextAsync(Path.Combine(run.Data, "live.out"), Ct);
            Assert.Matches(@"recorded: 6 runners, [1-9][0-9]* samples", kept);
            Assert.Contains(stderr, l => l.Contains("stdout was closed during the run", StringComparison.Ordinal));
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("HUP")]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Stop_Signal_StopsEverythingAndClosesTheHubPort(string signal)
    {
        LiveScriptRun.SkipUnlessBuilt();
        using var script = ChildProcess.Start("bash", [LiveScriptRun.Script, "--headless", "--no-build", "--root", _root.FullName], RepoPaths.Root);
        await script.WaitForLineAsync(l => l.Contains(Joined, StringComparison.Ordinal), StartTimeout, Ct);

        await SignalAsync(script.Id, signal);
        await script.WaitForExitAsync(StopTimeout, Ct);

        var run = LiveScriptRun.From(script.ExitCode, script.RecentOutput);
        await AssertStoppedAsync(run);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Matches(@"recorded: 6 runners, [1-9][0-9]* samples", run.Output);
    }

    public void Dispose()
    {
        // A failed test must not leave a hub, relay or console of its run behind for the next tests.
        foreach (var pid in LiveScriptRun.ProcessesUnder(_root.FullName))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        _root.Delete(recursive: true);
    }

    private static async Task AssertStoppedAsync(LiveScriptRun run)
    {
        run.AssertNothingLeftRunning();
        Assert.False(await FreePort.IsListeningAsync(run.HubPort, Ct), $"the hub's port {run.HubPort} still accepts connections");
    }

    private static async Task SignalAsync(int pid, string signal, bool mustReach = true)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], StopTimeout, Ct);
        Assert.True(exitCode == 0 || !mustReach, output);
    }

    /// <summary>The lines read up to and including the first that contains <paramref name="marker"/>.</summary>
    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker)
    {
        var lines = new List<string>();
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            lines.Add(line);
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return string.Join('\n', lines);
            }
        }

        throw new InvalidOperationException("live.sh ended its output before: " + marker + "\n" + string.Join('\n', lines));
    }
}
