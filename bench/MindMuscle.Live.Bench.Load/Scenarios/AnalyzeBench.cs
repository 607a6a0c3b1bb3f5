using System.Diagnostics;
using System.Globalization;
using System.Text;
using MindMuscle.Live.Core.Alerts.Quality.Track;
using MindMuscle.Live.Core.Runners;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.Load.Scenarios;

internal sealed record AnalyzeConfig
{
    public int Runners { get; init; } = 60;

    public double Minutes { get; init; } = 60;

    public double Hz { get; init; } = 4;

    /// <summary>Timed runs of the command (the file is written once).</summary>
    public int Repeats { get; init; } = 3;

    public required string ConsoleDll { get; init; }

    /// <summary>Where to write the session and keep it (null: a temp file, deleted afterwards).</summary>
    public string? KeepFile { get; init; }

    public long SamplesPerRunner => (long)Math.Round(Minutes * 60 * Hz);

    public long TotalSamples => SamplesPerRunner * Runners;
}

internal sealed record AnalyzeResult
{
    public required AnalyzeConfig Config { get; init; }

    public long Rows { get; init; }

    public long FileBytes { get; init; }

    public double WriteSeconds { get; init; }

    /// <summary>Wall time of each <c>analyze FILE --reps --json</c> run, process start to exit.</summary>
    public List<double> Seconds { get; init; } = [];

    /// <summary>CPU time of each run (user + system, sampled every 20 ms until exit, so up to 20 ms short): what wall time would be on an idle machine.</summary>
    public List<double> CpuSeconds { get; init; } = [];

    /// <summary>Rep lines the last run printed (every runner plays 12 x 800 m).</summary>
    public long RepLines { get; init; }

    public long LapLines { get; init; }

    public double? MedianSeconds => Seconds.Count == 0 ? null : Seconds.Order().ElementAt(Seconds.Count / 2);

    public const double TargetSeconds = 5;

    public string? Error { get; init; }
}

/// <summary>
/// <c>--analyze</c>: writes an hour of 60 simulated runners at 4 Hz (864,000 samples, each runner a seeded 12 x 800 m
/// session of the shared runner model) in the hub's CSV export format, then times the real
/// <c>coach-console analyze FILE --reps --json</c> as a child process, start to exit.
/// </summary>
internal static class AnalyzeBench
{
    public static async Task<AnalyzeResult> RunAsync(AnalyzeConfig config, RunProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(progress);
        if (!File.Exists(config.ConsoleDll))
        {
            return new AnalyzeResult
            {
                Config = config,
                Error = $"{config.ConsoleDll} not found: build it with `dotnet build coach-console -c Release` or pass --console-dll",
            };
        }

        var directory = Directory.CreateTempSubdirectory("mml-analyze-bench-");
        try
        {
            var file = config.KeepFile ?? Path.Combine(directory.FullName, "session.csv");
            progress($"writing {config.TotalSamples:N0} samples", 0);
            var write = Stopwatch.StartNew();
            var rows = await WriteSessionAsync(config, file, cancellationToken).ConfigureAwait(false);
            write.Stop();
            var seconds = new List<double>();
            var cpu = new List<double>();
            long reps = 0, laps = 0;
            for (var run = 1; run <= config.Repeats; run++)
            {
                progress($"analyze --reps, run {run} of {config.Repeats}", (double)run / (config.Repeats + 1));
                (var elapsed, var cpuSeconds, reps, laps) = await TimeAnalyzeAsync(config.ConsoleDll, file, cancellationToken).ConfigureAwait(false);
                seconds.Add(Math.Round(elapsed, 2));
                cpu.Add(Math.Round(cpuSeconds, 2));
            }

            return new AnalyzeResult
            {
                Config = config, Rows = rows, FileBytes = new FileInfo(file).Length, WriteSeconds = Math.Round(write.Elapsed.TotalSeconds, 1),
                Seconds = seconds, CpuSeconds = cpu, RepLines = reps, LapLines = laps,
            };
        }
        catch (InvalidOperationException e)
        {
            return new AnalyzeResult { Config = config, Error = e.Message };
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Rows in time order across runners, as the hub records a live session.</summary>
    internal static async Task<long> WriteSessionAsync(AnalyzeConfig config, string path, CancellationToken cancellationToken)
    {
        var plan = new TrackQualityPlan { Name = "bench 12x800", Reps = 12, RepDistanceM = 800, RepSpeedMps = 5.4, Recovery = TimeSpan.FromSeconds(90) };
        var models = Enumerable.Range(1, config.Runners).Select(seed =>
        {
            var (scenario, profile, _) = plan.Build(seed);
            return new RunnerModel(scenario, seed, profile);
        }).ToArray();
        const long start = 1_764_000_000_000;
        var step = TimeSpan.FromSeconds(1 / config.Hz);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(SessionCsv.Header + "\n").ConfigureAwait(false);
                var line = new StringBuilder(256);
                long rows = 0;
                for (long i = 1; i <= config.SamplesPerRunner; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var t = step * i;
                    for (var r = 0; r < models.Length; r++)
                    {
                        var sample = models[r].At(t).ToMetricSample(start + (long)t.TotalMilliseconds) with { Seq = i };
                        Row(line.Clear(), $"r{r + 1:D2}", sample);
                        await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                        rows++;
                    }
                }

                return rows;
            }
        }
    }

    private static void Row(StringBuilder line, string runnerId, MetricSample s)
    {
        var inv = CultureInfo.InvariantCulture;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(s.ObservedAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv);
        line.Append("bench,").Append(runnerId).Append(',').Append(runnerId).Append(',').Append(s.Seq.ToString(inv)).Append(',').Append(at).Append(',');
        line.Append(s.HeartRateBpm?.ToString(inv)).Append(',');
        line.Append(s.RrIntervalsMs is { Length: > 0 } rr ? string.Join(' ', rr.Select(v => v.ToString(inv))) : "").Append(',');
        line.Append(s.CadenceSpm?.ToString(inv)).Append(',').Append(s.SpeedMps?.ToString(inv)).Append(',').Append(s.StrideLengthM?.ToString(inv)).Append(',');
        line.Append(s.DistanceM?.ToString(inv)).Append(',').Append(s.PowerW?.ToString(inv)).Append(',').Append(s.GroundContactMs?.ToString(inv)).Append(',');
        line.Append(s.VerticalOscillationCm?.ToString(inv)).Append(',').Append(s.GctBalanceLeftPct?.ToString(inv)).Append(',');
        line.Append(s.SensorContact is { } c ? (c ? "true" : "false") : "").Append(',').Append(s.BatteryPct?.ToString(inv)).Append(",false\n");
    }

    private static async Task<(double Seconds, double CpuSeconds, long Reps, long Laps)> TimeAnalyzeAsync(string consoleDll, string file, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { consoleDll, "analyze", file, "--reps", "--json" })
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var cpu = SampleCpuAsync(process, cancellationToken);
        long reps = 0, laps = 0;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            reps += line.Contains("\"rep\":", StringComparison.Ordinal) ? 1 : 0;
            laps += line.Contains("\"lap\":", StringComparison.Ordinal) ? 1 : 0;
        }

        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        clock.Stop();
        var stderr = await errors.ConfigureAwait(false);
        var cpuSeconds = await cpu.ConfigureAwait(false);
        return process.ExitCode == 0
            ? (clock.Elapsed.TotalSeconds, cpuSeconds, reps, laps)
            : throw new InvalidOperationException($"analyze exited with {process.ExitCode}: {stderr.Trim()}");
    }

    /// <summary>The child's CPU time, read until it exits (the kernel forgets it then).</summary>
    private static async Task<double> SampleCpuAsync(Process process, CancellationToken cancellationToken)
    {
        var last = 0.0;
        while (!process.HasExited)
        {
            try
            {
                last = process.TotalProcessorTime.TotalSeconds;
            }
            catch (InvalidOperationException)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        return last;
    }
}
