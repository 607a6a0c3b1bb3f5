using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>
/// The hub under test as a child process on 127.0.0.1, over a fresh data folder it deletes on dispose.
/// Its stdout/stderr go to hub.log in that folder (kept when the run fails, for the post-mortem).
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _keepFolder;

    private HubProcess(Process process, StreamWriter log, string dataDir, Uri baseUri, string coachKey, HubKind kind)
    {
        _process = process;
        _log = log;
        DataDir = dataDir;
        BaseUri = baseUri;
        CoachKey = coachKey;
        Kind = kind;
    }

    public HubKind Kind { get; }

    public Uri BaseUri { get; }

    public string CoachKey { get; }

    public string DataDir { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string LogPath => Path.Combine(DataDir, "hub.log");

    public static async Task<HubProcess> StartAsync(
        HubKind kind, string dll, IReadOnlyList<string> extraArgs, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException(
                kind == HubKind.Product
                    ? $"product hub not built: {dll} (run: dotnet build hub -c Release), or pass --hub-dll"
                    : $"bare hub not built: {dll} (run: dotnet build bench/MindMuscle.Live.Bench.BareHub -c Release)",
                dll);
        }

        var dataDir = Directory.CreateTempSubdirectory("mml-bench-").FullName;
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var coachKey = "bench-" + Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUri.ToString().TrimEnd('/'));
        if (kind == HubKind.Product)
        {
            psi.ArgumentList.Add("--data");
            psi.ArgumentList.Add(Path.Combine(dataDir, "data"));
            psi.ArgumentList.Add("--coach-key");
            psi.ArgumentList.Add(coachKey);
        }

        foreach (var arg in extraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        var log = new StreamWriter(Path.Combine(dataDir, "hub.log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var hub = new HubProcess(process, log, dataDir, baseUri, coachKey, kind);
        try
        {
            await hub.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            hub._keepFolder = true;
            await hub.DisposeAsync();
            throw;
        }

        return hub;
    }

    /// <summary>Keep the data folder (and hub.log) after dispose: the run failed and someone will want to look.</summary>
    public void KeepFolder() => _keepFolder = true;

    /// <summary>CPU time (user + system) the hub has used so far, from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime() => ProcStats.CpuTime(_process.Id);

    /// <summary>Peak resident set (VmHWM) so far, bytes.</summary>
    public long PeakRssBytes() => ProcStats.PeakRssBytes(_process.Id);

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The measurements are taken; the product hub's graceful shutdown is not what is measured here.
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                // Nothing more to do: the process ignored SIGKILL for 10 s.
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        if (!_keepFolder)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private static void WriteLog(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Kind} hub exited with code {_process.ExitCode} while starting:\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while starting on a busy machine.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Kind} hub did not answer /healthz within {timeout.TotalSeconds} s:\n{LogTail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Reads a process's CPU time and peak RSS from /proc (Linux only).</summary>
internal static class ProcStats
{
    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double ClockTicksPerSecond = 100;

    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after the last ')' are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds((utime + stime) / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    public static long PeakRssBytes(int pid) => StatusKb(pid, "VmHWM:") * 1024;

    private static long StatusKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var value = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return 0;
    }
}
