using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Bench.BareHub;

/// <summary>
/// The least a hub that records must do (<c>--record FILE</c>): every accepted sample into a SQLite file as durably as
/// the product (WAL, synchronous=FULL), one writer thread committing a group about every 5 ms, and a publish answered
/// only once its samples are committed. Written plainly: one prepared ADO.NET command, one transaction per group, one
/// append-only table without indexes (nothing else reads it during a run).
/// </summary>
internal sealed class BareRecorder : IDisposable
{
    /// <summary>As the product's recorder: writes arriving within this interval share a transaction and its fsync.</summary>
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(5);

    private const string Columns =
        "session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled";

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ManualResetEventSlim _stopping = new(initialState: false, spinCount: 0);
    private readonly SqliteConnection _connection;
    private readonly Thread _writer;

    public BareRecorder(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            // The same durability as the product: an acknowledged sample survives a power cut.
            setup.CommandText = $"""
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS samples (
                    session_id TEXT NOT NULL, runner_id TEXT NOT NULL, seq INTEGER NOT NULL, observed_at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL, heart_rate INTEGER NULL, rr TEXT NULL, cadence REAL NULL, speed REAL NULL,
                    stride REAL NULL, distance REAL NULL, power INTEGER NULL, gct REAL NULL, vo REAL NULL, balance REAL NULL,
                    contact INTEGER NULL, battery INTEGER NULL, backfilled INTEGER NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }

        Path = path;
        // Its own thread, named as the product's recorder so the per-thread CPU rows compare like for like.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "MML recorder" };
        _writer.Start();
    }

    public string Path { get; }

    /// <summary>Queues one publish's samples; the task completes when their transaction committed.</summary>
    public Task RecordAsync(string session, string runner, MetricSample[] samples, long receivedAt)
    {
        var pending = new Pending(session, runner, samples, receivedAt);
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.TrySetException(new InvalidOperationException("The bare hub is stopping; nothing more is recorded."));
        }

        return pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Set();
        _writer.Join();
        _connection.Dispose();
        _stopping.Dispose();
    }

    private void WriteLoop()
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = $"INSERT INTO samples ({Columns}) VALUES ({string.Join(", ", Enumerable.Range(1, 18).Select(i => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = Enumerable.Range(1, 18).Select(i => insert.CreateParameter()).ToArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].ParameterName = "$p" + (i + 1).ToString(CultureInfo.InvariantCulture);
            insert.Parameters.Add(parameters[i]);
        }

        insert.Prepare();

        var group = new List<Pending>();
        var reader = _queue.Reader;
        var lastCommit = 0L;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            // Group commit: wait out the rest of the interval since the last transaction began.
            if (lastCommit != 0 && CommitInterval - Stopwatch.GetElapsedTime(lastCommit) is var wait && wait > TimeSpan.Zero)
            {
                _stopping.Wait(wait);
            }

            lastCommit = Stopwatch.GetTimestamp();
            group.Clear();
            while (reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                using var tx = _connection.BeginTransaction();
                insert.Transaction = tx;

                foreach (var pending in group)
                {
                    foreach (var sample in pending.Samples)
                    {
                        Bind(parameters, pending, sample);
                        insert.ExecuteNonQuery();
                    }
                }

                tx.Commit();
                foreach (var pending in group)
                {
                    pending.Done.TrySetResult();
                }
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                // A failed group fails its publishers (their runners see an error), not the writer.
                foreach (var pending in group)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private static void Bind(SqliteParameter[] p, Pending pending, MetricSample s)
    {
        p[0].Value = pending.Session;
        p[1].Value = pending.Runner;
        p[2].Value = s.Seq;
        p[3].Value = s.ObservedAt;
        p[4].Value = pending.ReceivedAt;
        p[5].Value = (object?)s.HeartRateBpm ?? DBNull.Value;
        p[6].Value = s.RrIntervalsMs is { Length: > 0 } rr ? string.Join(' ', rr.Select(v => v.ToString(CultureInfo.InvariantCulture))) : DBNull.Value;
        p[7].Value = (object?)s.CadenceSpm ?? DBNull.Value;
        p[8].Value = (object?)s.SpeedMps ?? DBNull.Value;
        p[9].Value = (object?)s.StrideLengthM ?? DBNull.Value;
        p[10].Value = (object?)s.DistanceM ?? DBNull.Value;
        p[11].Value = (object?)s.PowerW ?? DBNull.Value;
        p[12].Value = (object?)s.GroundContactMs ?? DBNull.Value;
        p[13].Value = (object?)s.VerticalOscillationCm ?? DBNull.Value;
        p[14].Value = (object?)s.GctBalanceLeftPct ?? DBNull.Value;
        p[15].Value = s.SensorContact is { } contact ? (contact ? 1 : 0) : DBNull.Value;
        p[16].Value = (object?)s.BatteryPct ?? DBNull.Value;
        p[17].Value = s.Backfilled ? 1 : 0;
    }

    private sealed record Pending(string Session, string Runner, MetricSample[] Samples, long ReceivedAt)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
