using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>The embedded default: <c>recording.db</c> in the data folder, WAL mode.</summary>
/// <remarks>
/// Checkpoints run on their own connection once a second instead of inside the writer's commits: with many runners
/// SQLite's automatic checkpoint would copy and fsync the database file inside commits several times a second, and
/// every publish waiting for its ack would wait for that too. A passive
/// checkpoint never blocks the writer; a crash leaves committed pages in the WAL, which SQLite replays on open.
/// </remarks>
internal sealed partial class SqliteRecordingDatabase : IRecordingDatabase
{
    /// <summary>How often the WAL is copied into the database file.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private static readonly string[] SampleParameters =
        ["@s", "@r", "@seq", "@at", "@recv", "@hr", "@rr", "@cad", "@spd", "@str", "@dist", "@pwr", "@gct", "@vo", "@bal", "@con", "@bat", "@bf"];

    private readonly string _connectionString;
    private readonly ConditionalWeakTable<SqliteConnection, PreparedInsert> _inserts = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _checkpointer;
    private int _disposed;

    public SqliteRecordingDatabase(string dataPath, TimeProvider? time = null, ILogger<SqliteRecordingDatabase>? logger = null, bool readOnly = false)
    {
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        DatabasePath = Path.GetFullPath(Path.Combine(dataPath, "recording.db"));
        if (readOnly && !File.Exists(DatabasePath))
        {
            throw new InvalidOperationException(
                $"--read-only serves an existing recording, but {DatabasePath} does not exist: point --data at the hub folder of a recorded run (e.g. .mml/live-<time>-<id>/hub)");
        }

        Directory.CreateDirectory(dataPath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            // Read-only: SQLite never writes the file (it may create the -shm/-wal side files of a WAL database).
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string Description => "sqlite " + DatabasePath;

    public bool IsShared => false;

    public bool HasInbox => true;

    public void ApplySchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Schema.Apply(connection);

        // Samples acknowledged before a crash may still be in the inbox: fold them in before anything reads.
        using var tx = connection.BeginTransaction();
        MoveInbox(connection, tx);
        tx.Commit();
    }

    /// <summary>
    /// Moves every inbox row into the clustered samples table (a seq already there is skipped: never recorded twice)
    /// and empties the inbox, in the caller's transaction. In bulk each runner's rows of the last second land on its
    /// page together: one page write per runner per move instead of one per sample.
    /// </summary>
    public void MoveInbox(DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = $"""
            INSERT OR IGNORE INTO samples ({InboxColumns})
                SELECT {InboxColumns} FROM samples_inbox ORDER BY session_id, runner_id, seq;
            DELETE FROM samples_inbox;
            """;
        cmd.ExecuteNonQuery();
    }

    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public DbConnection OpenWriter()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // synchronous is per connection: FULL here is what makes an acknowledged commit survive a power cut. A 64 MB
        // page cache keeps the hot b-tree pages of the samples table and its time index in memory instead of
        // re-reading them from the OS for every batch (1,000 runners insert all over the primary key).
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
        _checkpointer ??= Task.Run(CheckpointLoopAsync);
        return connection;
    }

    /// <summary>Copies committed WAL pages into the database file (passive: never waits for, nor blocks, the writer).</summary>
    public void Checkpoint(string mode = "PASSIVE")
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"PRAGMA wal_checkpoint({mode});";
        cmd.ExecuteNonQuery();
    }

    private async Task CheckpointLoopAsync()
    {
        using var timer = new PeriodicTimer(CheckpointInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    Checkpoint();
                }
                catch (SqliteException ex)
                {
                    // A busy or failed checkpoint only leaves pages in the WAL for the next one; commits go on.
                    LogCheckpointFailed(_logger, DatabasePath, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public void InsertSamples(
        DbConnection connection, DbTransaction transaction, string sessionId, string runnerId,
        IReadOnlyList<MetricSample> samples, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        // Compiled once per connection (the recorder's writer keeps one open), not once per batch.
        var insert = _inserts.GetValue((SqliteConnection)connection, static c => new PreparedInsert(c));
        var cmd = insert.Command;
        var p = insert.Parameters;
        cmd.Transaction = (SqliteTransaction)transaction;
        p[0].Value = sessionId;
        p[1].Value = runnerId;
        p[4].Value = receivedAt;
        foreach (var s in samples)
        {
            p[2].Value = s.Seq;
            p[3].Value = s.ObservedAt;
            p[5].Value = Db(s.HeartRateBpm);
            p[6].Value = s.RrIntervalsMs is { Length: > 0 } rr ? RecordingSql.FormatRr(rr) : DBNull.Value;
            p[7].Value = Db(s.CadenceSpm);
            p[8].Value = Db(s.SpeedMps);
            p[9].Value = Db(s.StrideLengthM);
            p[10].Value = Db(s.DistanceM);
            p[11].Value = Db(s.PowerW);
            p[12].Value = Db(s.GroundContactMs);
            p[13].Value = Db(s.VerticalOscillationCm);
            p[14].Value = Db(s.GctBalanceLeftPct);
            p[15].Value = s.SensorContact is { } c ? (c ? 1 : 0) : DBNull.Value;
            p[16].Value = Db(s.BatteryPct);
            p[17].Value = s.Backfilled ? 1 : 0;
            cmd.ExecuteNonQuery();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed by the recorder and again by the container that created it.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_checkpointer is { } checkpointer)
        {
            await checkpointer;
            try
            {
                // The writer is closed: fold the WAL into the file so the folder is one self-contained database.
                Checkpoint("TRUNCATE");
            }
            catch (SqliteException ex)
            {
                LogCheckpointFailed(_logger, DatabasePath, ex);
            }
        }

        _stop.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [LoggerMessage(901, LogLevel.Warning, "WAL checkpoint of {Database} failed; the next one retries", EventName = "CheckpointFailed")]
    private static partial void LogCheckpointFailed(ILogger logger, string database, Exception exception);

    private const string InboxColumns =
        "session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled";

    private static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;

    /// <summary>The sample insert of one connection; its statement lives (and is finalised) with the connection.</summary>
    private sealed class PreparedInsert
    {
        public PreparedInsert(SqliteConnection connection)
        {
            Command = connection.CreateCommand();
            // Into the inbox (appended in commit order); MoveInbox's OR IGNORE keeps a sample already on disk (resent
            // after a crash before its ack) from being recorded twice.
            Command.CommandText = $"""
                INSERT INTO samples_inbox ({InboxColumns})
                VALUES (@s, @r, @seq, @at, @recv, @hr, @rr, @cad, @spd, @str, @dist, @pwr, @gct, @vo, @bal, @con, @bat, @bf)
                """;
            // Untyped: each value binds as what it is (INTEGER, REAL, TEXT, NULL), not converted through text.
            Parameters = [.. SampleParameters.Select(name => Command.Parameters.Add(new SqliteParameter(name, DBNull.Value)))];
        }

        public SqliteCommand Command { get; }

        public SqliteParameter[] Parameters { get; }
    }
}
