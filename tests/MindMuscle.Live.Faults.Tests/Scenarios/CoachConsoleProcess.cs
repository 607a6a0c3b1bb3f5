using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MindMuscle.Live.TestKit.Hosting;

namespace MindMuscle.Live.Faults.Tests.Scenarios;

/// <summary>
/// The built coach console (<see cref="BuildOutput.CoachConsoleDll"/>) as a child process in <c>live --json</c>
/// mode: every line it prints is kept, in order, with the time it arrived; <c>{"quit": {}}</c> on stdin stops it.
/// </summary>
internal sealed class CoachConsoleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private CoachConsoleProcess(Process process) => _process = process;

    /// <summary>Every stdout line so far, in the order printed.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>What it printed on stderr, for diagnosis.</summary>
    public string Errors => string.Join('\n', _errors);

    public bool HasExited => _process.HasExited;

    public static CoachConsoleProcess Start(Uri hub, string sessionId, string coachToken)
    {
        var dll = BuildOutput.CoachConsoleDll;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "live", "--hub", hub.ToString().TrimEnd('/'), "--session", sessionId, "--token", coachToken, "--json" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var console = new CoachConsoleProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                console._lines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                console._errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return console;
    }

    /// <summary>Index (in <see cref="Lines"/>) of the first line from <paramref name="from"/> on that matches.</summary>
    public async Task<int> WaitForLineAsync(Func<string, bool> match, int from, TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var lines = Lines;
            for (var i = from; i < lines.Count; i++)
            {
                if (match(lines[i]))
                {
                    return i;
                }
            }

            Assert.False(_process.HasExited, $"coach console exited ({ExitCode()}): {Errors}");
            Assert.True(waited.Elapsed < timeout, $"no matching console line within {timeout}; last lines:\n{string.Join('\n', lines.TakeLast(5))}\nstderr: {Errors}");
            await Task.Delay(25, ct);
        }
    }

    /// <summary>Quits through stdin, as a script would, and waits for the exit.</summary>
    public async Task<int> QuitAsync(CancellationToken ct)
    {
        await _process.StandardInput.WriteLineAsync("""{"quit": {}}""".AsMemory(), ct);
        await _process.StandardInput.FlushAsync(ct);
        await _process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
        return _process.ExitCode;
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

    /// <summary>The first property name of a feed line: <c>snapshot</c>, <c>samples</c>, <c>connection</c>, …</summary>
    public static string Kind(string line)
    {
        using var json = JsonDocument.Parse(line);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            return property.Name;
        }

        return "";
    }

    /// <summary>(runnerId, seq) of every sample in a <c>samples</c> line (live) or a <c>gapFilled</c> line (read back after a resync).</summary>
    public static IEnumerable<(string RunnerId, long Seq)> Samples(string line)
    {
        using var json = JsonDocument.Parse(line);
        var result = new List<(string, long)>();
        if (json.RootElement.TryGetProperty("gapFilled", out var filled))
        {
            var id = filled.GetProperty("runnerId").GetString()!;
            result.AddRange(filled.GetProperty("samples").EnumerateArray().Select(s => (id, s.GetProperty("seq").GetInt64())));
        }

        if (json.RootElement.TryGetProperty("samples", out var frame))
        {
            foreach (var runner in frame.GetProperty("runners").EnumerateArray())
            {
                var id = runner.GetProperty("runnerId").GetString()!;
                foreach (var sample in runner.GetProperty("samples").EnumerateArray())
                {
                    result.Add((id, sample.GetProperty("seq").GetInt64()));
                }
            }
        }

        return result;
    }

    /// <summary>Each runner's <c>lastSeq</c> in a <c>snapshot</c> line (the highest contiguous seq the hub has recorded).</summary>
    public static Dictionary<string, long> SnapshotLastSeqs(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("snapshot").GetProperty("runners").EnumerateArray()
            .ToDictionary(r => r.GetProperty("runnerId").GetString()!, r => r.GetProperty("lastSeq").GetInt64(), StringComparer.Ordinal);
    }

    /// <summary>(runnerId, fromSeq, toSeq, samples read back, error) of a <c>gapFilled</c> line; null for other lines.</summary>
    public static (string RunnerId, long FromSeq, long ToSeq, int Samples, string? Error)? GapFilled(string line)
    {
        if (!line.StartsWith("{\"gapFilled\"", StringComparison.Ordinal))
        {
            return null;
        }

        using var json = JsonDocument.Parse(line);
        var g = json.RootElement.GetProperty("gapFilled");
        return (g.GetProperty("runnerId").GetString()!, g.GetProperty("fromSeq").GetInt64(), g.GetProperty("toSeq").GetInt64(),
            g.GetProperty("samples").GetArrayLength(), g.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
    }

    /// <summary>The <c>gapMs</c> of a resync snapshot line; null on the first snapshot.</summary>
    public static long? GapMs(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.TryGetProperty("gapMs", out var gap) && gap.ValueKind == JsonValueKind.Number ? gap.GetInt64() : null;
    }

    private string ExitCode() => _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running";
}
