using System.Globalization;
using Microsoft.Playwright;

namespace MindMuscle.Live.Bench.Load.Web;

/// <summary>
/// CPU time of one browser's renderer processes, from /proc (Linux only): the whole process, and its main thread alone
/// (the thread whose id is the process id). On-CPU time, unlike DevTools' TaskDuration, which is wall time and so
/// counts the time a loaded machine kept the thread waiting. A window's figure is given only when both readings are of
/// the same processes (pid and start time): a renderer that exits or starts in between takes or brings CPU time the
/// window cannot account for.
/// </summary>
internal static class RendererCpu
{
    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double ClockTicksPerSecond = 100;

    /// <summary>A process for as long as it lives: a pid the kernel reuses comes back with another start time.</summary>
    public readonly record struct ProcessKey(int Pid, long StartTicks);

    public readonly record struct Sample(TimeSpan Process, TimeSpan MainThread);

    /// <summary>The renderer process ids of this browser (not of other browsers the same test process runs), from DevTools.</summary>
    public static async Task<IReadOnlyList<int>> RendererPidsAsync(IBrowser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var session = await browser.NewBrowserCDPSessionAsync();
        try
        {
            var answer = await session.SendAsync("SystemInfo.getProcessInfo") ?? throw new InvalidOperationException("SystemInfo.getProcessInfo returned nothing");
            return [.. answer.GetProperty("processInfo").EnumerateArray()
                .Where(p => p.GetProperty("type").GetString() == "renderer")
                .Select(p => p.GetProperty("id").GetInt32())];
        }
        finally
        {
            await session.DetachAsync();
        }
    }

    /// <summary>This browser's renderers now, read from /proc.</summary>
    public static async Task<IReadOnlyDictionary<ProcessKey, Sample>> ReadAsync(IBrowser browser) =>
        Read(await RendererPidsAsync(browser));

    /// <summary>The CPU times of those of <paramref name="pids"/> still alive, keyed by pid and start time.</summary>
    public static IReadOnlyDictionary<ProcessKey, Sample> Read(IEnumerable<int> pids, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(pids);
        var reading = new Dictionary<ProcessKey, Sample>();
        foreach (var pid in pids)
        {
            var process = Fields(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var main = Fields(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "task", pid.ToString(CultureInfo.InvariantCulture), "stat"));
            if (process is not null && main is not null)
            {
                // fields[19] is field 22 of stat: the start time in clock ticks after boot.
                reading[new ProcessKey(pid, long.Parse(process[19], CultureInfo.InvariantCulture))] = new Sample(Cpu(process), Cpu(main));
            }
        }

        return reading;
    }

    /// <summary>The window's on-CPU % of one core between two readings, or why there is none.</summary>
    public static RendererWindow Between(IReadOnlyDictionary<ProcessKey, Sample> before, IReadOnlyDictionary<ProcessKey, Sample> after, double seconds)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count == 0 || after.Count == 0)
        {
            return RendererWindow.None($"no renderer process was found at the window's {(before.Count == 0 ? "start" : "end")}");
        }

        var gone = before.Keys.Where(k => !after.ContainsKey(k)).ToList();
        var started = after.Keys.Where(k => !before.ContainsKey(k)).ToList();
        if (gone.Count > 0 || started.Count > 0)
        {
            return RendererWindow.None(
                $"the renderer processes changed during the window (gone: {Describe(gone)}; started: {Describe(started)}), so their CPU time cannot be compared; run the window again");
        }

        if (seconds <= 0)
        {
            return RendererWindow.None($"the window lasted {seconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        var process = TimeSpan.Zero;
        var main = TimeSpan.Zero;
        foreach (var (key, end) in after)
        {
            process += end.Process - before[key].Process;
            main += end.MainThread - before[key].MainThread;
        }

        return process < TimeSpan.Zero || main < TimeSpan.Zero
            ? RendererWindow.None("a renderer's CPU time went backwards between the readings")
            : new RendererWindow(Math.Round(process.TotalSeconds / seconds * 100, 1), Math.Round(main.TotalSeconds / seconds * 100, 1), null);
    }

    private static string Describe(List<ProcessKey> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Select(k => string.Create(CultureInfo.InvariantCulture, $"pid {k.Pid} started at tick {k.StartTicks}")));

    private static TimeSpan Cpu(string[] fields) =>
        // fields[11]/[12] are fields 14/15 of stat: utime and stime.
        TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond);

    /// <summary>The stat fields after the command name (which may contain spaces and parentheses): fields[0] is field 3.</summary>
    private static string[]? Fields(string statPath)
    {
        try
        {
            var stat = File.ReadAllText(statPath);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].TrimEnd('\n').Split(' ');
            return fields.Length > 19 ? fields : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Renderer on-CPU % of one core over a window (process and main thread), or the reason there is no figure.</summary>
internal sealed record RendererWindow(double? ProcessPct, double? MainThreadPct, string? Unavailable)
{
    public static RendererWindow None(string reason) => new(null, null, reason);
}
