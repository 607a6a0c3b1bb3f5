using System.Globalization;

namespace MindMuscle.Live.Faults.Tests.Soak;

/// <summary>One reading of a Linux process from /proc: resident memory, open descriptors (sockets among them), threads.</summary>
internal sealed record ProcStats(long RssKb, int Fds, int Sockets, int Threads)
{
    public static ProcStats Read(int pid)
    {
        long rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        var fds = 0;
        var sockets = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            fds++;
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return new ProcStats(rss, fds, sockets, threads);
    }

    public override string ToString() => $"RSS {RssKb / 1024.0:0.0} MB, {Fds} fds ({Sockets} sockets), {Threads} threads";
}
