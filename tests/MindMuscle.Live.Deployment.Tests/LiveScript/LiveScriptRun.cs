using System.Text.RegularExpressions;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.LiveScript;

/// <summary>One finished run of scripts/live.sh: its exit code, output, data folder and the live.env it wrote there.</summary>
internal sealed partial record LiveScriptRun(int ExitCode, string Output, string Data, IReadOnlyDictionary<string, string> Env)
{
    public static string Script => RepoPaths.Of("scripts/live.sh");

    public static string HubDll => Environment.GetEnvironmentVariable("MML_LIVE_HUB_DLL") is { Length: > 0 } dll
        ? dll
        : RepoPaths.Of("hub/bin/Release/net10.0/MindMuscle.Live.Hub.dll");

    /// <summary>The hub's loopback port during the run.</summary>
    public int HubPort => new Uri(Env["MML_LIVE_HUB_URL"]).Port;

    /// <summary>The tests run the script with --no-build: the Release build must be there (scripts/test.sh makes it).</summary>
    public static void SkipUnlessBuilt()
    {
        string[] dlls =
        [
            HubDll,
            RepoPaths.Of("relay/bin/Release/net10.0/MindMuscle.Live.Relay.dll"),
            RepoPaths.Of("coach-console/bin/Release/net10.0/MindMuscle.Live.CoachConsole.dll"),
        ];
        var missing = dlls.Where(d => !File.Exists(d)).ToArray();
        MissingPart.SkipOrFail(missing.Length > 0 ? $"Release build missing ({string.Join(", ", missing)}): run scripts/test.sh or dotnet build MindMuscle.Live.sln -c Release" : null);
    }

    /// <summary>Reads the data folder from the script's first line and the live.env it wrote there (empty if it got no further).</summary>
    public static LiveScriptRun From(int exitCode, string output)
    {
        var data = DataFolderLine().Match(output);
        Assert.True(data.Success, output);
        var folder = data.Groups[1].Value.Trim();
        var envFile = Path.Combine(folder, "live.env");
        var env = File.Exists(envFile)
            ? File.ReadAllLines(envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : [];
        return new LiveScriptRun(exitCode, output, folder, env);
    }

    /// <summary>Every pid the script started (hub, relay, console) is gone: no process with that pid runs our data folder.</summary>
    public void AssertNothingLeftRunning()
    {
        var pids = File.ReadAllLines(Path.Combine(Data, "pids")).Select(l => l.Split(' ')).ToArray();
        Assert.Equal(["hub", "relay", "console"], pids.Select(p => p[0]));
        foreach (var entry in pids)
        {
            var cmdline = Path.Combine("/proc", entry[1], "cmdline");
            var running = File.Exists(cmdline) && File.ReadAllText(cmdline).Contains("MindMuscle.Live", StringComparison.Ordinal);
            Assert.False(running, $"{entry[0]} (pid {entry[1]}) is still running after the script ended");
        }

        // Nothing else the run started either (the pids file is written by the script; this catches a process it forgot).
        var strays = ProcessesUnder(Data).Select(CommandLine).ToArray();
        Assert.True(strays.Length == 0, "still running: " + string.Join(" | ", strays));
    }

    /// <summary>Our programs (MindMuscle.Live) running with <paramref name="folder"/> on their command line.</summary>
    public static IReadOnlyList<int> ProcessesUnder(string folder) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Where(pid => CommandLine(pid) is var c && c.Contains(folder, StringComparison.Ordinal) && c.Contains("MindMuscle.Live", StringComparison.Ordinal)),
    ];

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [GeneratedRegex(@"^live: data folder (.+)$", RegexOptions.Multiline)]
    private static partial Regex DataFolderLine();
}
