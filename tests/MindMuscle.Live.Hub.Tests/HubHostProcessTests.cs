namespace MindMuscle.Live.Hub.Tests;

/// <summary>The built hub as a child process started from its own folder (where its recording and log are written).</summary>
public sealed class HubHostProcessTests
{
    // The runtime's FileSystemWatcher thread (".NET File Watcher", cut to 15 characters by the kernel).
    private const string FileWatcherThread = ".NET File Watch";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_Defaults_NoFileWatcherThread()
    {
        await using var hub = await HubChildProcess.StartAsync(null, new Dictionary<string, string>(), Ct);
        await hub.CreateSessionAsync("Watchers", Ct).WaitAsync(HubTimeouts.Step, Ct);

        Assert.DoesNotContain(FileWatcherThread, ThreadNames(hub.Pid));
    }

    /// <summary>The opt-in for a dev loop still works, and shows the check above can see the thread.</summary>
    [Fact]
    public async Task Start_ReloadConfigOnChangeAskedFor_WatcherThreadRuns()
    {
        await using var hub = await HubChildProcess.StartAsync(
            null, new Dictionary<string, string> { ["DOTNET_hostBuilder__reloadConfigOnChange"] = "true" }, Ct);
        await hub.CreateSessionAsync("Watchers", Ct).WaitAsync(HubTimeouts.Step, Ct);

        Assert.Contains(FileWatcherThread, ThreadNames(hub.Pid));
    }

    private static List<string> ThreadNames(int pid)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "thread names are read from /proc");
        return [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'))];
    }
}
