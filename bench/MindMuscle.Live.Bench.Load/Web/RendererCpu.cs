using System.Globalization;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// CPU time Chromium's renderer processes started by this process used, from /proc (Linux only): the whole process,
/// and its main thread alone (the thread whose id is the process id). On-CPU time, unlike DevTools' TaskDuration,
/// which is wall time and so counts the time a loaded machine kept the thread waiting.
/// </summary>
internal static class RendererCpu
{
    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double ClockTicksPerSecond = 100;

    public readonly record struct Sample(TimeSpan Process, TimeSpan MainThread);

    /// <summary>Summed over every renderer below this process (Playwright's driver, then the browser, then them).</summary>
    public static Sample Read()
    {
        var process = TimeSpan.Zero;
        var main = TimeSpan.Zero;
        foreach (var pid in Renderers())
        {
            process += Cpu($"/proc/{pid}/stat");
            main += Cpu($"/proc/{pid}/task/{pid}/stat");
        }

        return new Sample(process, main);
    }

    private static List<int> Renderers()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Fields($"{dir}/stat") is { } fields)
            {
                // fields[1] is field 4 of stat: the parent pid.
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var self = Environment.ProcessId;
        return [.. parents.Keys.Where(pid => Descends(pid, self, parents) && IsRenderer(pid))];
    }

    private static bool Descends(int pid, int ancestor, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 16 && parents.TryGetValue(pid, out var parent) && parent > 1; depth++)
        {
            if (parent == ancestor)
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    private static bool IsRenderer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("--type=renderer", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static TimeSpan Cpu(string statPath) =>
        Fields(statPath) is { } fields
            // fields[11]/[12] are fields 14/15 of stat: utime and stime.
            ? TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond)
            : TimeSpan.Zero;

    /// <summary>The stat fields after the command name (which may contain spaces): fields[0] is field 3.</summary>
    private static string[]? Fields(string statPath)
    {
        try
        {
            var stat = File.ReadAllText(statPath);
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
