using System.Diagnostics;
using System.Globalization;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// <c>--pin</c>: puts the hub on one core and the load generator on the other, every thread of each, so the hub's CPU
/// no longer starves the generator beside it (the generator's lag otherwise lands in the hub's latency figures).
/// </summary>
/// <remarks>
/// Through <c>taskset -a</c> (util-linux): Linux keeps a CPU mask per thread and threads started later inherit their
/// creator's, so every existing thread is set. Taken twice, for a thread that started during the first pass.
/// </remarks>
internal static class CpuPin
{
    /// <summary>The core of the hub; the generator takes the other one.</summary>
    public const int HubCore = 0;

    public const int GeneratorCore = 1;

    /// <summary>Pins every thread of <paramref name="pid"/> to <paramref name="core"/>; throws with what to do when it cannot.</summary>
    public static async Task PinAsync(int pid, int core, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || Environment.ProcessorCount <= core)
        {
            throw new InvalidOperationException($"--pin needs Linux and at least {core + 1} cores (this machine: {Environment.ProcessorCount}); run without --pin");
        }

        // taskset -a exits 0 for a process with no threads to list: a gone process would pass unnoticed.
        if (!Directory.Exists($"/proc/{pid}/task"))
        {
            throw new InvalidOperationException($"--pin: process {pid} is not running; run without --pin");
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var start = new ProcessStartInfo("taskset")
            {
                ArgumentList = { "-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = StartOrExplain(start);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"--pin: `taskset -a -p -c {core} {pid}` exited {process.ExitCode}: {error.Trim()}; run without --pin");
            }
        }
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("--pin: taskset did not start; run without --pin");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"--pin needs taskset (util-linux: apt-get install util-linux): {e.Message}; or run without --pin", e);
        }
    }
}
