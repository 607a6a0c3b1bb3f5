using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Bench.Load.Scenarios;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Bench.Micro.Recording;

/// <summary>
/// The recorder in the real shape without a hub: runners x Hz publishes of one sample each, in the load generator's tick
/// order (<see cref="TickSchedule"/>, shared with Bench.Load: interleaved by default, as before; random is what
/// independent relays do), queued as the ingest queues them (one write per publish), for a wall-clock window. Prints the recorder
/// thread's CPU per sample and its write system calls and bytes per sample (what its commits hand to the WAL; from
/// /proc, so Linux only), commits and the publish -> commit p50/p99.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/MindMuscle.Live.Bench.Micro -- recorder [--runners 1500] [--sessions 50]
/// [--hz 4] [--warmup 10] [--seconds 30] [--commit-ms N] [--move-ms N] [--move-rows N] [--inbox-slices N] [--tick-order interleaved|sessions|random]
/// [--seed 1] [--drop-index NAME]</c> (the hub's defaults unless given; --drop-index measures the recorder without
/// one of the samples table's indexes, an experiment: the hub's reads need them)
/// </remarks>
internal static class RecorderHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runners = Arg(args, "--runners", 1500);
        var sessions = Arg(args, "--sessions", 50);
        var hz = Arg(args, "--hz", 4);
        var warmup = TimeSpan.FromSeconds(Arg(args, "--warmup", 10));
        var window = TimeSpan.FromSeconds(Arg(args, "--seconds", 30));
        var order = Enum.Parse<TickOrder>(Text(args, "--tick-order", nameof(TickOrder.Interleaved)), ignoreCase: true);
        var seed = Arg(args, "--seed", 1);
        // The hub's defaults unless the command line says otherwise.
        var options = new HubOptions();
        options.RecorderCommitInterval = TimeSpan.FromMilliseconds(Arg(args, "--commit-ms", (int)options.RecorderCommitInterval.TotalMilliseconds));
        options.RecorderInboxMoveInterval = TimeSpan.FromMilliseconds(Arg(args, "--move-ms", (int)options.RecorderInboxMoveInterval.TotalMilliseconds));
        options.RecorderInboxMoveRows = Arg(args, "--move-rows", options.RecorderInboxMoveRows);
        options.RecorderInboxSlices = Arg(args, "--inbox-slices", options.RecorderInboxSlices);

        var folder = Directory.CreateTempSubdirectory("mml-recorder-bench-");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        try
        {
            if (Text(args, "--drop-index", "") is { Length: > 0 } index)
            {
                DropIndex(folder.FullName, index);
            }

            var store = new RecordingStore(
                new SqliteRecordingDatabase(folder.FullName, inboxSlices: options.RecorderInboxSlices), Options.Create(options), new HubMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
                TimeProvider.System, NullLogger<RecordingStore>.Instance);
            await using (store)
            {
                // Runner i in session i / (runners / sessions), as the load generator assigns them.
                var perSession = Math.Max(1, runners / sessions);
                var ids = Enumerable.Range(0, runners)
                    .Select(i => (Session: $"{TickSchedule.SessionOf(i, perSession, sessions):x16}", Runner: $"r-{i:x12}"))
                    .ToArray();
                var schedule = TickSchedule.Build(runners, perSession, sessions, order, seed);
                using var transactions = new TransactionTimes();
                var result = await DriveAsync(store, ids, schedule, hz, warmup, window, transactions);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"recorder: {runners} runners x {hz} Hz in {sessions} sessions, tick order {order}, commit {options.RecorderCommitInterval.TotalMilliseconds} ms, move {options.RecorderInboxMoveInterval.TotalSeconds} s or {options.RecorderInboxMoveRows} rows in {options.RecorderInboxSlices} slices, window {window.TotalSeconds} s, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  samples/s {result.Samples / window.TotalSeconds:F0}; recorder thread {result.RecorderCpu.TotalSeconds / window.TotalSeconds * 100:F1} % of a core = {result.RecorderCpu.TotalMicroseconds / result.Samples:F2} us per sample; process {result.ProcessCpu.TotalMicroseconds / result.Samples:F2} us per sample"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  recorder thread writes {(double)result.RecorderIo.Calls / result.Samples:F3} calls and {(double)result.RecorderIo.Bytes / result.Samples:F0} bytes per sample, {(double)result.RecorderIo.Calls / Math.Max(1, result.Transactions.Count):F1} calls per transaction"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  publish -> commit p50 {result.CommitP50:F2} ms, p99 {result.CommitP99:F2} ms, max {result.CommitMax:F2} ms"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  transactions {result.Transactions.Count}: p99 {result.Transactions.P99:F2} ms, longest {result.Transactions.Max:F2} ms, over 20 ms {result.Transactions.Over20}"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }

        return 0;
    }

    private sealed record Result(
        long Samples, TimeSpan RecorderCpu, TimeSpan ProcessCpu, (long Calls, long Bytes) RecorderIo, double CommitP50, double CommitP99, double CommitMax,
        TransactionTimes.Summary Transactions);

    private static async Task<Result> DriveAsync(
        RecordingStore store, (string Session, string Runner)[] ids, TickSchedule schedule, int hz, TimeSpan warmup, TimeSpan window, TransactionTimes transactions)
    {
        var seqs = new long[ids.Length];
        var latencies = new List<double>(capacity: (int)(ids.Length * hz * window.TotalSeconds * 1.1));
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var measuring = false;
        long issued = 0, measuredSamples = 0;
        TimeSpan recorderCpu0 = default, processCpu0 = default;
        (long Calls, long Bytes) recorderIo0 = default;
        var end = warmup + window;
        while (true)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= end)
            {
                break;
            }

            if (!measuring && elapsed >= warmup)
            {
                measuring = true;
                recorderCpu0 = RecorderCpu();
                recorderIo0 = RecorderWrites();
                processCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                transactions.Start();
            }

            // Every publish due by now: publish k goes to runner Runners[k mod N] at (k / N + Offsets[k mod N]) / Hz.
            for (; (issued / schedule.Count + schedule.Offsets[(int)(issued % schedule.Count)]) / hz <= elapsed.TotalSeconds; issued++)
            {
                var i = schedule.Runners[(int)(issued % schedule.Count)];
                var (session, runner) = ids[i];
                MetricSample[] accepted = [SteadySamples.At(++seqs[i])];
                var now = Environment.TickCount64;
                var queuedAt = Stopwatch.GetTimestamp();
                var committed = await store.EnqueueAsync(accepted.Length, (c, tx) =>
                    store.Database.InsertSamples(c, tx, session, runner, accepted, now), CancellationToken.None);
                if (measuring)
                {
                    measuredSamples++;
                    pending.Add(committed.ContinueWith(
                        _ => { lock (latencies) { latencies.Add(Stopwatch.GetElapsedTime(queuedAt).TotalMilliseconds); } },
                        CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
                }
            }

            await Task.Delay(2);
        }

        var recorderCpu = RecorderCpu() - recorderCpu0;
        var recorderIo = RecorderWrites() is var io ? (io.Calls - recorderIo0.Calls, io.Bytes - recorderIo0.Bytes) : default;
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu0;
        var window0 = transactions.Stop();
        await Task.WhenAll(pending);
        latencies.Sort();
        return new Result(
            measuredSamples, recorderCpu, processCpu, recorderIo,
            latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies[^1], window0);
    }

    /// <summary>Time on a CPU of the thread named <c>MML recorder</c> (schedstat: nanoseconds, not 10 ms ticks).</summary>
    private static TimeSpan RecorderCpu()
    {
        var ns = long.Parse(File.ReadAllText(Path.Combine(RecorderTask(), "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ns / 100);
    }

    /// <summary>The write system calls of the recorder thread and the bytes they wrote (its WAL frames: two calls each).</summary>
    private static (long Calls, long Bytes) RecorderWrites()
    {
        long calls = 0, bytes = 0;
        foreach (var line in File.ReadAllLines(Path.Combine(RecorderTask(), "io")))
        {
            if (line.StartsWith("syscw:", StringComparison.Ordinal))
            {
                calls = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                bytes = long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return (calls, bytes);
    }

    private static string RecorderTask()
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == "MML recorder")
            {
                return task;
            }
        }

        throw new InvalidOperationException("No thread named 'MML recorder' in this process");
    }

    /// <summary>A file at the current schema without <paramref name="index"/> (the store's schema step then finds it current).</summary>
    private static void DropIndex(string folder, string index)
    {
        var database = new SqliteRecordingDatabase(folder);
        database.ApplySchema();
        using (var connection = database.Open())
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = index switch
            {
                "samples_by_time" => "DROP INDEX samples_by_time",
                "samples_by_runner_time" => "DROP INDEX samples_by_runner_time",
                _ => throw new ArgumentException($"--drop-index: samples_by_time or samples_by_runner_time, not {index}"),
            };
            cmd.ExecuteNonQuery();
        }

        database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
    }

    private static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
