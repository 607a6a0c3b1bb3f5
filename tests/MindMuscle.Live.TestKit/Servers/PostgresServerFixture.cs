using Npgsql;

namespace MindMuscle.Live.TestKit.Servers;

/// <summary>
/// A real PostgreSQL server in a temporary data directory on a free 127.0.0.1 port: <c>initdb</c> (trust auth,
/// superuser <see cref="User"/>), <c>postgres</c> as a child process, a database created, a connection string exposed,
/// everything stopped and deleted on dispose. PostgreSQL refuses to run as root, so under root the server runs as the
/// <c>postgres</c> OS user (runuser, else su) with the data directory handed to that user.
/// When the server binaries are missing, every member that needs the server skips the test naming the apt package
/// (fails it under CI: <see cref="MissingPart"/>).
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string User = "mml";
    private const string Package = "postgresql";
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private string? _binDir;
    private ChildProcess? _process;
    private DirectoryInfo? _root;
    private int _port;

    /// <summary>Database created at the first start (init only; default "mml").</summary>
    public string Database { get; init; } = "mml";

    /// <summary>PostgreSQL bin directory (init only); default: <c>MML_PG_BIN</c>, else the newest /usr/lib/postgresql/*/bin.</summary>
    public string? BinDir
    {
        get => _binDir ??= Environment.GetEnvironmentVariable("MML_PG_BIN") ?? FindBinDir();
        init => _binDir = value;
    }

    /// <summary>Why the server cannot run here, or null when it can.</summary>
    public string? SkipReason
    {
        get
        {
            if (BinDir is null || !File.Exists(Path.Combine(BinDir, "postgres")) || !File.Exists(Path.Combine(BinDir, "initdb")))
            {
                return $"PostgreSQL server binaries (initdb, postgres) not found in '{BinDir}' ($MML_PG_BIN or /usr/lib/postgresql/*/bin): " +
                       $"install them with `sudo apt-get install -y {Package}` (scripts/install-deps.sh does this).";
            }

            if (RunAs is null && Environment.UserName == "root")
            {
                return $"Running as root and there is no '{ServiceUser}' OS user to run PostgreSQL as (it refuses to run as root): " +
                       $"install `{Package}` (which creates the user) or run the tests as a normal user.";
            }

            return null;
        }
    }

    /// <summary>The OS user PostgreSQL runs as when the tests run as root (it refuses root); null otherwise.</summary>
    private static string? RunAs { get; } =
        Environment.UserName == "root" && File.Exists("/etc/passwd")
        && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(ServiceUser + ":", StringComparison.Ordinal))
            ? ServiceUser
            : null;

    public int Port
    {
        get
        {
            SkipIfUnavailable();
            return _port != 0 ? _port : throw new InvalidOperationException("The PostgreSQL server has not been started.");
        }
    }

    /// <summary>Npgsql connection string for <see cref="Database"/>.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Skips the calling test (xunit v3 dynamic skip; a failure under CI) when PostgreSQL cannot run here.</summary>
    public void SkipIfUnavailable() => MissingPart.SkipOrFail(SkipReason);

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        // Tests drop and recreate databases; pooled connections would keep them busy.
        Pooling = false,
    }.ConnectionString;

    /// <summary>Creates another empty database on this server (for tests that need isolation) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionStringFor(database);
    }

    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        if (SkipReason is null)
        {
            await StartAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// The first call creates the cluster and <see cref="Database"/>; later calls (after <see cref="StopAsync"/>) start
    /// the same cluster on the same port.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        SkipIfUnavailable();
        if (IsRunning)
        {
            return;
        }

        var firstStart = _root is null;
        if (firstStart)
        {
            await InitClusterAsync(cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = _port != 0 ? _port : FreePort.Next();
            var child = StartAs(Path.Combine(BinDir!, "postgres"),
            [
                "-D", DataDir, "-k", _root!.FullName, "-p", port.ToString(), "-h", "127.0.0.1",
                // A test server: durability against OS crashes buys nothing here and costs seconds. Killing the hub
                // (the durability tests) does not touch the database process, whose writes are in the page cache.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200",
            ]);
            try
            {
                await child.WaitForLineAsync(l => l.Contains("ready to accept connections", StringComparison.Ordinal), StartTimeout, cancellationToken);
                _process = child;
                _port = port;
                break;
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                var output = child.RecentOutput;
                child.Dispose();
                if (!(firstStart && attempt < 3 && output.Contains("Address already in use", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"postgres did not start on 127.0.0.1:{port}. Output:{Environment.NewLine}{output}", ex);
                }
            }
        }

        if (firstStart && Database != "postgres")
        {
            await CreateDatabaseAsync(Database, cancellationToken);
        }
    }

    /// <summary>Fast shutdown (SIGINT to the postmaster via pg_ctl); the data directory is kept for a restart.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            var stop = StartAs(Path.Combine(BinDir!, "pg_ctl"), ["stop", "-D", DataDir, "-m", "fast", "-w", "-t", "10"]);
            try
            {
                await stop.WaitForExitAsync(StopTimeout, cancellationToken);
                await _process.WaitForExitAsync(StopTimeout, cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // pg_ctl could not stop it in time: fall through to the kill below.
            }
            finally
            {
                stop.Dispose();
            }
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        finally
        {
            if (_root is { Exists: true })
            {
                _root.Delete(recursive: true);
            }
        }
    }

    private string DataDir => Path.Combine(_root!.FullName, "data");

    private async Task InitClusterAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("mml-pg-");
        if (RunAs is not null)
        {
            // Created by root with mode 0700: the service user must own it to create the cluster and its socket inside.
            var (chownExit, chownOutput) = await ChildProcess.RunAsync("chown", [RunAs, root.FullName], StopTimeout, cancellationToken);
            if (chownExit != 0)
            {
                throw new InvalidOperationException($"chown {RunAs} {root.FullName} failed: {chownOutput}");
            }
        }

        _root = root;
        var initdb = StartAs(Path.Combine(BinDir!, "initdb"),
            ["-D", DataDir, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]);
        try
        {
            await initdb.WaitForExitAsync(InitTimeout, cancellationToken);
            if (initdb.ExitCode != 0)
            {
                throw new InvalidOperationException($"initdb exited with {initdb.ExitCode}. Output:{Environment.NewLine}{initdb.RecentOutput}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"initdb did not finish within {InitTimeout}. Output:{Environment.NewLine}{initdb.RecentOutput}");
        }
        finally
        {
            initdb.Dispose();
        }
    }

    /// <summary>Runs a PostgreSQL binary as the current user, or as the service user when the tests run as root.</summary>
    private static ChildProcess StartAs(string binary, string[] arguments)
    {
        if (RunAs is null)
        {
            return ChildProcess.Start(binary, arguments);
        }

        var runuser = ExecutableLookup.OnPath("runuser");
        if (runuser is not null)
        {
            return ChildProcess.Start(runuser, ["-u", RunAs, "--", binary, .. arguments]);
        }

        // su takes one shell command line: quote every argument for sh.
        var commandLine = "exec " + string.Join(' ', new[] { binary }.Concat(arguments).Select(ShellQuote));
        return ChildProcess.Start("su", ["-s", "/bin/sh", RunAs, "-c", commandLine]);
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string? FindBinDir()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(Root)
            .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
            .Where(x => x.Version >= 0 && File.Exists(Path.Combine(x.Dir, "bin", "postgres")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }
}
