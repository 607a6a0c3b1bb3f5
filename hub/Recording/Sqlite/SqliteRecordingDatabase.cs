using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>The embedded default: <c>recording.db</c> in the data folder, WAL mode.</summary>
/// <remarks>
/// Checkpoints run on their own connection and thread once a second instead of inside the writer's commits: with many runners
/// SQLite's automatic checkpoint would copy and fsync the database file inside commits several times a second, and
/// every publish waiting for its ack would wait for that too. A passive checkpoint never blocks the writer; after each
/// round the writer itself runs one short passive checkpoint between two transactions, of the few frames committed
/// during the round's second pass, so the WAL can start over (<see cref="CatchUpCheckpoint"/>). A crash leaves
/// committed pages in the WAL, which SQLite replays on open.
/// </remarks>
internal sealed partial class SqliteRecordingDatabase : IRecordingDatabase
{
    /// <summary>How often the WAL is copied into the database file.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    // Per connection, the insert into each inbox table, prepared at its first use.
    private readonly ConditionalWeakTable<SqliteConnection, PreparedInsert?[]> _inserts = new();
    private readonly ILogger _logger;

    // Set at dispose; a wait on it never spins (spinCount 0), so the checkpointer sleeps in the kernel between rounds.
    private readonly ManualResetEventSlim _stop = new(initialState: false, spinCount: 0);
    private readonly TaskCompletionSource _checkpointerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _checkpointer;

    // Set after each checkpoint: the writer's CatchUpCheckpoint has frames to finish.
    private int _catchUp;
    private int _disposed;

    public SqliteRecordingDatabase(
        string dataPath, ILogger<SqliteRecordingDatabase>? logger = null, bool readOnly = false,
        int inboxSlices = DefaultInboxSlices, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inboxSlices, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inboxSlices, MaxInboxSlices);
        InboxSlices = inboxSlices;
        _time = time ?? TimeProvider.System;
        _cycleStartedAt = _time.GetTimestamp();
        // Until a move says otherwise, any table may hold rows a hub stopped hard left behind, with any number of slices.
        Array.Fill(_inboxRows, 1);
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
        // synchronous is per connection: FULL here is what makes an acknowledged commit survive a power cut. The page
        // cache keeps the hot b-tree pages (each runner's newest leaf of the samples table and of its two indexes)
        // instead of re-reading them from the OS at every inbox move; it is sized for twice the runners a hub is meant
        // for, because a long session fills whatever is allowed with cold pages, so more is only resident memory.
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
        StartCheckpointer();
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

    /// <summary>
    /// On the writer's thread, between its transactions: when the checkpointer has run since the last call, checkpoints
    /// the frames committed while it ran (PASSIVE, on the writer's connection), so the WAL is wholly in the database file
    /// and the writer's next transaction starts the WAL over from its beginning. True when it checkpointed.
    /// </summary>
    /// <remarks>
    /// The checkpointer alone never gets there under steady load: the writer commits every few ms while it copies, so
    /// some frames are always left and SQLite restarts a WAL only once every frame is in the file. The WAL then grew for
    /// as long as the samples came (10 MB/s at 1,500 runners x 4 Hz, 250 MB in 25 s), every frame appended to a new part
    /// of the file (block allocation in the file system on the writer's thread, a growing WAL index), and the disk filled
    /// with a WAL that only a pause or the shutdown truncated. The catch-up copies only what the checkpointer left: it
    /// runs twice back to back, so that is what was committed during its second, short pass (milliseconds of commits,
    /// not the whole first pass's on a slow disk), once per checkpoint interval.
    /// </remarks>
    public bool CatchUpCheckpoint(DbConnection writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Interlocked.Exchange(ref _catchUp, 0) == 0)
        {
            return false;
        }

        try
        {
            using var cmd = writer.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            cmd.ExecuteNonQuery();
            return true;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // The WAL keeps its frames for the next catch-up; commits go on (a closed connection is reopened by the
            // writer's next batch).
            LogCheckpointFailed(_logger, DatabasePath, ex);
            return false;
        }
    }

    /// <summary>The thread that runs the checkpoints (null until the writer opened).</summary>
    internal Thread? CheckpointThread => Volatile.Read(ref _checkpointer);

    /// <summary>
    /// Starts the checkpointer once, on a thread of its own: a checkpoint blocks in pwrite and fsync, which on a pool
    /// worker would hold a thread the hub's live work needs. Wall-clock on purpose: it paces the disk, not a session.
    /// </summary>
    private void StartCheckpointer()
    {
        // Disposed: a writer opened late (a tool, a test) gets no checkpointer, which would wait on a disposed event.
        if (Volatile.Read(ref _disposed) != 0 || Volatile.Read(ref _checkpointer) is not null)
        {
            return;
        }

        var thread = new Thread(CheckpointLoop) { IsBackground = true, Name = "MML checkpoint" };
        if (Interlocked.CompareExchange(ref _checkpointer, thread, null) is null)
        {
            try
            {
                thread.Start();
            }
            catch
            {
                // Never started, so its loop never signals: DisposeAsync waits for that signal.
                _checkpointerDone.TrySetResult();
                throw;
            }
        }
    }

    private void CheckpointLoop()
    {
        try
        {
            while (!_stop.Wait(CheckpointInterval))
            {
                try
                {
                    Checkpoint();
                    // Again at once: it copies what was committed during the first pass (up to a second of frames on
                    // a slow disk), so the writer's catch-up is left only this short pass's commits, not the long one's.
                    Checkpoint();
                    // The writer checkpoints what was committed meanwhile, so the WAL can start over (CatchUpCheckpoint).
                    Volatile.Write(ref _catchUp, 1);
                }
#pragma warning disable CA1031 // On a thread of its own an escaping exception would end the process.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    // A busy or failed checkpoint only leaves pages in the WAL for the next one; commits go on.
                    LogCheckpointFailed(_logger, DatabasePath, ex);
                }
            }
        }
        catch (ObjectDisposedException ex)
        {
            // Only the wait can throw here (every checkpoint error is caught above): a writer that opened while the
            // database was being disposed started this thread after the stop event went; SQLite replays its WAL on open.
            LogCheckpointerStoppedLate(_logger, DatabasePath, ex);
        }
        finally
        {
            _checkpointerDone.TrySetResult();
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
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(runnerId);
        // Compiled once per connection (the recorder's writer keeps one open), not once per batch. The transaction is
        // the connection's: SQLite has one per connection, so the raw statement runs inside the caller's.
        var sqlite = (SqliteConnection)connection;
        if (transaction is null || !ReferenceEquals(transaction.Connection, connection))
        {
            // The raw statement runs in whatever the connection has open: without one it would commit row by row.
            throw new ArgumentException("InsertSamples needs a transaction begun on the connection it is given.", nameof(transaction));
        }

        Span<byte> ids = stackalloc byte[256];
        var session = Utf8(sessionId, ids, out var sessionBytes);
        var runner = Utf8(runnerId, ids[sessionBytes..], out _);
        var slice = SliceOf(sessionId, runnerId);
        var inserts = _inserts.GetValue(sqlite, static _ => new PreparedInsert?[Schema.InboxTables]);
        if (inserts[slice] is not { IsFinalized: false } insert)
        {
            // First use, or the connection was closed and opened again: its statements went with the old handle.
            inserts[slice] = insert = new PreparedInsert(sqlite, slice);
        }

        // Counted first: a count may be above what the slice holds (a failed insert), never below.
        _inboxRows[slice] += samples.Count;
        foreach (var s in samples)
        {
            insert.Insert(session, runner, s, receivedAt);
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="value"/>, in <paramref name="buffer"/> when they fit.</summary>
    private static ReadOnlySpan<byte> Utf8(string value, Span<byte> buffer, out int written)
    {
        if (System.Text.Encoding.UTF8.TryGetBytes(value, buffer, out written))
        {
            return buffer[..written];
        }

        written = 0;
        return System.Text.Encoding.UTF8.GetBytes(value);
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed by the recorder and again by the container that created it.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Set();
        if (Volatile.Read(ref _checkpointer) is not null)
        {
            await _checkpointerDone.Task;
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

    [LoggerMessage(902, LogLevel.Debug, "The checkpointer of {Database} started while the database was disposed, and stopped", EventName = "CheckpointerStoppedLate")]
    private static partial void LogCheckpointerStoppedLate(ILogger logger, string database, Exception exception);

    internal const string InboxColumns =
        "session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled";
}
