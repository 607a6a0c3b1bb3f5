using System.Globalization;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>CPU time and run-queue wait of a process's threads that share a name, over the measurement window.</summary>
/// <param name="Name">The thread name the kernel shows (<c>comm</c>, at most 15 characters), e.g. <c>.NET TP Worker</c>.</param>
/// <param name="Threads">Threads with this name seen at the end of the window.</param>
/// <param name="CpuPercent">Time on a CPU, percent of one core.</param>
/// <param name="RunQueueWaitPercent">Time runnable but waiting for a CPU, percent of one core: how much the machine kept these threads waiting.</param>
internal sealed record ThreadGroupUsage(string Name, int Threads, double CpuPercent, double RunQueueWaitPercent);

/// <summary>
/// Per-thread figures from <c>/proc/&lt;pid&gt;/task/*/schedstat</c> (nanoseconds on a CPU, nanoseconds waiting on the run
/// queue, time slices) grouped by thread name: which of the hub's threads the CPU goes to (workers, recorder, sockets,
/// GC, JIT) and how long they waited for a core, which is what a tail under load on a shared box is made of.
/// </summary>
internal static class ThreadCpu
{
    public readonly record struct Sample(string Name, long RunNs, long WaitNs);

    /// <summary>The process's threads now, by thread id; empty when the process is gone or /proc has no schedstat.</summary>
    public static Dictionary<int, Sample> Snapshot(int pid)
    {
        var threads = new Dictionary<int, Sample>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                    if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                        && ParseSchedstat(File.ReadAllText(Path.Combine(task, "schedstat"))) is { } stat)
                    {
                        threads[tid] = new Sample(name, stat.RunNs, stat.WaitNs);
                    }
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is gone.
        }

        return threads;
    }

    /// <summary><c>"run_ns wait_ns slices"</c>; null when it is not that.</summary>
    public static (long RunNs, long WaitNs)? ParseSchedstat(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length >= 2
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var wait)
            ? (run, wait)
            : null;
    }

    /// <summary>
    /// What each thread name used between two snapshots <paramref name="seconds"/> apart, busiest first. A thread that
    /// started in between counts from zero; one that ended in between is not counted (its last figures are unknown).
    /// </summary>
    public static IReadOnlyList<ThreadGroupUsage> Between(Dictionary<int, Sample> before, Dictionary<int, Sample> after, double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        return [.. after
            .GroupBy(t => t.Value.Name, StringComparer.Ordinal)
            .Select(g =>
            {
                long run = 0, wait = 0;
                foreach (var (tid, now) in g)
                {
                    var then = before.TryGetValue(tid, out var b) && b.Name == now.Name ? b : new Sample(now.Name, 0, 0);
                    run += Math.Max(0, now.RunNs - then.RunNs);
                    wait += Math.Max(0, now.WaitNs - then.WaitNs);
                }

                return new ThreadGroupUsage(g.Key, g.Count(), Percent(run, seconds), Percent(wait, seconds));
            })
            .OrderByDescending(u => u.CpuPercent)
            .ThenBy(u => u.Name, StringComparer.Ordinal)];
    }

    /// <summary>"TP Worker ×4 42.2 % (waited 68.3 %)" for the busiest <paramref name="top"/> names.</summary>
    public static string Describe(IReadOnlyList<ThreadGroupUsage> usage, int top = 5) =>
        string.Join(", ", usage.Take(top).Select(u => string.Create(
            CultureInfo.InvariantCulture, $"{u.Name} x{u.Threads} {u.CpuPercent:0.0} % (waited {u.RunQueueWaitPercent:0.0} %)")));

    private static double Percent(long nanoseconds, double seconds) => Math.Round(nanoseconds / 1e9 / seconds * 100, 1);
}
