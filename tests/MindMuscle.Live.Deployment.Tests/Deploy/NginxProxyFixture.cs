using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Deployment.Tests.Deploy;

/// <summary>
/// deploy/nginx.conf run by a real nginx in front of two <see cref="TinyHttpBackend"/> nodes. The only edits are the
/// ones Docker supplies: the two replicas' addresses instead of `hub:8080 resolve` (Docker DNS, nginx 1.27.3+),
/// a loopback listen port, and a private directory instead of /tmp.
/// </summary>
public sealed class NginxProxyFixture : IAsyncLifetime
{
    private TinyHttpBackend? _a;
    private TinyHttpBackend? _b;
    private ChildProcess? _nginx;
    private DirectoryInfo? _dir;

    public static string? Binary { get; } = ExecutableOnPath("nginx") ?? (File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string AccessLogPath => Path.Combine(_dir!.FullName, "access.log");

    public void SkipIfUnavailable() =>
        MissingPart.SkipOrFail(_nginx is null ? "nginx is not installed: install it with `sudo apt-get install -y nginx` to test deploy/nginx.conf." : null);

    public async ValueTask InitializeAsync()
    {
        if (Binary is null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        _a = new TinyHttpBackend("A");
        _b = new TinyHttpBackend("B");
        _dir = Directory.CreateTempSubdirectory("mml-nginx-");
        // nginx workers drop root privileges; they must be able to use this directory.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0x1FF);
        }

        var port = FreePort.Next();
        var conf = RepoPaths.Read("deploy/nginx.conf");
        conf = Replace(conf, "server hub:8080 resolve max_fails=2 fail_timeout=10s;",
            $"server 127.0.0.1:{_a.Port} max_fails=2 fail_timeout=10s;\n        server 127.0.0.1:{_b.Port} max_fails=2 fail_timeout=10s;");
        conf = Replace(conf, "resolver 127.0.0.11 valid=10s ipv6=off;", "");
        conf = Replace(conf, "listen 8080;", $"listen 127.0.0.1:{port};");
        conf = conf.Replace("/tmp/", _dir.FullName + "/", StringComparison.Ordinal);
        conf = Replace(conf, "access_log /dev/stdout mml;", $"access_log {AccessLogPath} mml;");
        var confPath = Path.Combine(_dir.FullName, "nginx.conf");
        await File.WriteAllTextAsync(confPath, conf, ct);

        _nginx = ChildProcess.Start(Binary, ["-p", _dir.FullName, "-c", confPath, "-g", "daemon off;"]);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        while (!await FreePort.IsListeningAsync(port, deadline.Token))
        {
            if (_nginx.HasExited)
            {
                throw new InvalidOperationException($"nginx exited at start. Output:{Environment.NewLine}{_nginx.RecentOutput}");
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is not null)
        {
            // A graceful stop lets the master reap its workers (killing the master leaves them behind as zombies).
            var confPath = Path.Combine(_dir!.FullName, "nginx.conf");
            await ChildProcess.RunAsync(Binary!, ["-p", _dir.FullName, "-c", confPath, "-s", "stop"], TimeSpan.FromSeconds(10), CancellationToken.None);
            try
            {
                await _nginx.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // Still running: the Dispose below kills it.
            }

            _nginx.Dispose();
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        _dir?.Delete(recursive: true);
    }

    private static string Replace(string text, string oldValue, string newValue) =>
        text.Contains(oldValue, StringComparison.Ordinal)
            ? text.Replace(oldValue, newValue, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/nginx.conf no longer contains '{oldValue}': update {nameof(NginxProxyFixture)}.");

    private static string? ExecutableOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
