using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Faults.Tests.Scenarios;

/// <summary>The built relay (<see cref="BuildOutput.RelayDll"/>) running simulated runners as a child process.</summary>
internal sealed class RelayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private RelayProcess(Process process) => _process = process;

    /// <summary>Everything the relay printed (stdout and stderr), for diagnosis.</summary>
    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public static RelayProcess Start(Uri hub, string joinCode, int runners, string dataPath)
    {
        var dll = BuildOutput.RelayDll;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "run", "--hub", hub.ToString().TrimEnd('/'), "--join", joinCode, "--source", "sim:steady",
                "--runners", runners.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataPath, "--speech", "none", "--json",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataPath,
        };
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        Directory.CreateDirectory(dataPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var relay = new RelayProcess(process);
        process.OutputDataReceived += (_, e) => relay.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => relay.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return relay;
    }

    private void Keep(string? line)
    {
        // Status lines come every second; the last few hundred are enough to see why a run went wrong.
        if (line is not null && !line.StartsWith("{\"type\":\"status\"", StringComparison.Ordinal))
        {
            _output.Enqueue(line);
            while (_output.Count > 300 && _output.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>SIGKILL, mid-whatever: the outbox on disk is all that survives.</summary>
    public async Task KillAsync(CancellationToken ct)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>Per hub runner id: seqs assigned so far (next_seq - 1) and the seqs still waiting in the outbox.</summary>
    public static Dictionary<string, (long Assigned, HashSet<long> Pending)> ReadOutbox(string dataPath)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "outbox.db")};Pooling=False");
        connection.Open();
        var byIdx = new Dictionary<long, (string RunnerId, long Assigned, HashSet<long> Pending)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT idx, runner_id, next_seq FROM runner WHERE runner_id IS NOT NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                byIdx[r.GetInt64(0)] = (r.GetString(1), r.GetInt64(2) - 1, []);
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT idx, seq FROM sample";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (byIdx.TryGetValue(r.GetInt64(0), out var runner))
                {
                    runner.Pending.Add(r.GetInt64(1));
                }
            }
        }

        return byIdx.Values.ToDictionary(v => v.RunnerId, v => (v.Assigned, v.Pending));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
