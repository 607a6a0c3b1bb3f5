using System.Runtime.InteropServices;

namespace MindMuscle.Live.Bench.Load.Report;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo(string CpuModel, int Cores, long MemoryMb, string Os, string Runtime, double LoadAverage1m)
{
    public static MachineInfo Read()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memKb = long.TryParse(ReadFirst("/proc/meminfo", "MemTotal", ':')?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var kb) ? kb : 0;
        var load = 0.0;
        try
        {
            _ = double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out load);
        }
        catch (IOException)
        {
            // Not Linux; the load average is informative only.
        }

        return new MachineInfo(cpu, Environment.ProcessorCount, memKb / 1024, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, load);
    }

    private static string? ReadFirst(string path, string key, char separator)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line?[(line.IndexOf(separator, StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
