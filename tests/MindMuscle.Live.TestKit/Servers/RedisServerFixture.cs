using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MindMuscle.Live.TestKit.Servers;

/// <summary>
/// A real <c>redis-server</c> on a free 127.0.0.1 port, without persistence (the SignalR backplane only uses
/// pub/sub). It can be stopped and started again on the same port, so a test can take the backplane away and give it
/// back. Use it as an xunit class or collection fixture, or create, <see cref="StartAsync"/> and dispose it in a test.
/// When redis-server is not installed, every member that needs the server skips the test naming the apt package
/// (fails it under CI: <see cref="MissingPart"/>).
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private const string Package = "redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private string? _binary;
    private ChildProcess? _process;
    private DirectoryInfo? _workDir;
    private int _port;

    /// <summary>redis-server to run (init only); default: <c>MML_REDIS_SERVER</c>, else redis-server on the PATH.</summary>
    public string Binary
    {
        get => _binary ??= Environment.GetEnvironmentVariable("MML_REDIS_SERVER") ?? ExecutableLookup.OnPath("redis-server") ?? "";
        init => _binary = value;
    }

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public string? SkipReason => File.Exists(Binary)
        ? null
        : $"redis-server is not installed ({(Binary.Length == 0 ? "not on the PATH" : $"no file '{Binary}'")}; $MML_REDIS_SERVER overrides): " +
          $"install it with `sudo apt-get install -y {Package}` (scripts/install-deps.sh does this).";

    /// <summary>The loopback port; fixed at the first start and kept across <see cref="StopAsync"/>/<see cref="StartAsync"/>.</summary>
    public int Port
    {
        get
        {
            SkipIfUnavailable();
            return _port != 0 ? _port : throw new InvalidOperationException("The Redis server has not been started.");
        }
    }

    /// <summary>StackExchange.Redis configuration string ("127.0.0.1:port").</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Skips the calling test (xunit v3 dynamic skip; a failure under CI) when redis-server is missing.</summary>
    public void SkipIfUnavailable() => MissingPart.SkipOrFail(SkipReason);

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        // A missing binary is reported when a test touches the fixture, as a skip rather than a fixture failure.
        if (SkipReason is null)
        {
            await StartAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Starts the server (on a fresh free port the first time, on the same port after a stop) and waits for PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SkipIfUnavailable();
        if (IsRunning)
        {
            return;
        }

        _workDir ??= Directory.CreateTempSubdirectory("mml-redis-");
        var firstStart = _port == 0;
        // A free port can be taken between choosing it and binding it: on the first start, try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = firstStart ? FreePort.Next() : _port;
            var child = ChildProcess.Start(Binary, Arguments(port), _workDir.FullName);
            try
            {
                await child.WaitForLineAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), StartTimeout, cancellationToken);
                if (!await PingAsync(port, cancellationToken))
                {
                    throw new InvalidOperationException($"redis-server said it was ready on port {port} but did not answer PING.");
                }

                _process = child;
                _port = port;
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                var output = child.RecentOutput;
                child.Dispose();
                if (!(firstStart && attempt < 3 && output.Contains("Address already in use", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"redis-server did not start on 127.0.0.1:{port}. Output:{Environment.NewLine}{output}", ex);
                }
            }
        }
    }

    /// <summary>Kills the server (SIGKILL: clients see a crash, not a polite shutdown) and waits until the port is closed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync(StopTimeout, cancellationToken);
        _process.Dispose();
        _process = null;
    }

    /// <summary>Sends PING as a raw RESP command and expects +PONG.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => PingAsync(Port, cancellationToken);

    /// <summary>Sends one command (RESP array of bulk strings) and returns the raw first reply line, e.g. "+OK" or "$5".</summary>
    public async Task<string> SendCommandAsync(CancellationToken cancellationToken, params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        return await ExchangeAsync(client, command, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            // SIGKILL is asynchronous: wait for the exit (the kernel has closed the listening socket by then), so the
            // port is really free when dispose returns; on a loaded machine a probe right after could still connect.
            process.Kill();
            try
            {
                await process.WaitForExitAsync(StopTimeout, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // Not reaped in time: dispose anyway; the port check of whoever relies on it will say so.
            }

            process.Dispose();
            _process = null;
        }

        if (_workDir is { Exists: true })
        {
            _workDir.Delete(recursive: true);
        }
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return await ExchangeAsync(client, ["PING"], cancellationToken) == "+PONG";
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<string> ExchangeAsync(TcpClient client, string[] command, CancellationToken cancellationToken)
    {
        var request = new StringBuilder().Append('*').Append(command.Length).Append("\r\n");
        foreach (var part in command)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellationToken);
        var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync(cancellationToken);
        return line ?? throw new IOException("Redis closed the connection without a reply.");
    }

    private static string[] Arguments(int port) =>
    [
        "--port", port.ToString(), "--bind", "127.0.0.1",
        // No persistence: the backplane is pub/sub, and a restarted server must come back empty and fast.
        "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--logfile", "",
        "--protected-mode", "yes",
    ];
}
