using System.Diagnostics;
using System.Text;

namespace MindMuscle.Live.Bench.Load.Hosting;

/// <summary>How to start a hub (the product hub or the bare baseline) as a child process.</summary>
internal sealed record LoopbackHubOptions
{
    public required string Dll { get; init; }

    /// <summary>What failure messages call it ("product hub", "bare hub").</summary>
    public string Name { get; init; } = "hub";

    /// <summary>0: a free port, and a fresh one again if another process takes it before the hub binds it.</summary>
    public int Port { get; init; }

    /// <summary>Where hub.log goes (appended, so it outlives restarts); the process's working directory.</summary>
    public required string Folder { get; init; }

    /// <summary>Arguments after <c>--urls</c>.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A hub dll run with <c>dotnet</c> on 127.0.0.1, healthy (<c>/healthz</c>) once started; its stdout/stderr go to
/// hub.log in its folder. Also compiled into the test kit (tests/MindMuscle.Live.TestKit), which serves it to the tests:
/// a product tool cannot reference tests, so the one implementation lives here.
/// </summary>
internal sealed class LoopbackHub : IAsyncDisposable
{
    // A port chosen beforehand can be taken before the hub binds it: the hub then exits, and a fresh port is tried.
    private const int PortAttempts = 3;
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _disposed;

    private LoopbackHub(Process process, StreamWriter log, LoopbackHubOptions options, int port)
    {
        _process = process;
        _log = log;
        Options = options;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}");
    }

    public LoopbackHubOptions Options { get; }

    public int Port { get; }

    public Uri BaseUri { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string LogPath => LogPathIn(Options.Folder);

    public static async Task<LoopbackHub> StartAsync(LoopbackHubOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.Dll))
        {
            throw new FileNotFoundException($"{options.Name} not built: {options.Dll}", options.Dll);
        }

        for (var attempt = 1; ; attempt++)
        {
            var hub = Launch(options, options.Port == 0 ? FreePort.Next() : options.Port);
            try
            {
                await hub.WaitHealthyAsync(cancellationToken);
                return hub;
            }
            catch (HubExitedException) when (options.Port == 0 && attempt < PortAttempts)
            {
                await hub.DisposeAsync();
            }
            catch
            {
                await hub.DisposeAsync();
                throw;
            }
        }
    }

    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>SIGKILL to the hub and everything it started: no graceful shutdown, as a crash or a pulled plug.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(KillTimeout, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await KillAsync(CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Nothing more to do: the process ignored SIGKILL for 10 s.
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static string LogPathIn(string folder) => Path.Combine(folder, "hub.log");

    private static LoopbackHub Launch(LoopbackHubOptions options, int port)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.Folder,
        };
        psi.ArgumentList.Add(options.Dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var arg in options.Args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in options.Environment)
        {
            psi.Environment[name] = value;
        }

        var log = new StreamWriter(LogPathIn(options.Folder), append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => WriteLog(log, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LoopbackHub(process, log, options, port);
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

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Options.StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                // Healthy and still ours: had our hub lost the port, whatever answers there is someone else's server.
                if (response.IsSuccessStatusCode && !_process.HasExited)
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

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken);
                throw new HubExitedException($"{Options.Name} exited with code {_process.ExitCode} while starting on port {Port}:\n{LogTail()}");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{Options.Name} did not answer /healthz within {Options.StartTimeout.TotalSeconds} s:\n{LogTail()}");
    }

    private sealed class HubExitedException(string message) : InvalidOperationException(message);
}
