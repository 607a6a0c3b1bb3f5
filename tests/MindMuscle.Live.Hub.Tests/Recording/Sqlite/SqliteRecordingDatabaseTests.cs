using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Waiting;

namespace MindMuscle.Live.Hub.Tests.Recording.Sqlite;

/// <summary>The sample insert binds every value by position on SQLite's statement API: what goes in must come back, typed.</summary>
public sealed class SqliteRecordingDatabaseTests : IDisposable
{
    private const string Session = "s-é-session";
    private readonly TempRecorder _recorder = new("mml-sqlite-db-");

    [Fact]
    public void InsertSamples_EveryFieldSetAndEveryFieldMissing_ReadBackEqualWithTheirSqliteTypes()
    {
        var full = new MetricSample
        {
            Seq = 1, ObservedAt = 1_700_000_000_250, HeartRateBpm = 151, RrIntervalsMs = [401.5, 398],
            CadenceSpm = 181.5, SpeedMps = 4.25, StrideLengthM = 1.41, DistanceM = 1234.56, PowerW = 301,
            GroundContactMs = 238.5, VerticalOscillationCm = 8.25, GctBalanceLeftPct = 49.75, SensorContact = false,
            BatteryPct = 77, Backfilled = true,
        };
        var bare = new MetricSample { Seq = 2, ObservedAt = 1_700_000_000_500 };
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using (var connection = db.OpenWriter())
        using (var tx = connection.BeginTransaction())
        {
            db.InsertSamples(connection, tx, Session, "r-ü-1", [full, bare], 1_700_000_001_000);
            db.MoveInbox(connection, tx);
            tx.Commit();
        }

        using var read = db.Open();
        using var cmd = read.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns}, typeof(heart_rate), typeof(cadence), typeof(rr), typeof(contact), received_at FROM samples ORDER BY seq";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((Session, "r-ü-1"), (r.GetString(0), r.GetString(1)));
        var first = RecordingSql.ReadSample(r);
        Assert.Equal(full with { RrIntervalsMs = null }, first with { RrIntervalsMs = null });
        Assert.Equal(full.RrIntervalsMs, first.RrIntervalsMs);
        Assert.Equal(("integer", "real", "text", "integer", 1_700_000_001_000L), (r.GetString(17), r.GetString(18), r.GetString(19), r.GetString(20), r.GetInt64(21)));
        Assert.True(r.Read());
        Assert.Equal(bare, RecordingSql.ReadSample(r));
        Assert.Equal(("null", "null", "null", "null"), (r.GetString(17), r.GetString(18), r.GetString(19), r.GetString(20)));
        Assert.False(r.Read());
    }

    [Fact]
    public async Task OpenWriter_StartsTheCheckpointerOnANamedThreadOfItsOwnThatDisposeEnds()
    {
        // Disposed again at the end (a no-op) if an assertion fails before the explicit dispose below.
        await using var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        Assert.Null(db.CheckpointThread);
        using (db.OpenWriter())
        using (db.OpenWriter())
        {
            // One checkpointer however often the writer reconnects, off the thread pool (it blocks in pwrite and fsync).
            var thread = Assert.IsType<Thread>(db.CheckpointThread);
            Assert.Equal(("MML checkpoint", false, true, true), (thread.Name, thread.IsThreadPoolThread, thread.IsBackground, thread.IsAlive));
        }

        var checkpointer = db.CheckpointThread!;
        await db.DisposeAsync();

        Assert.True(checkpointer.Join(TimeSpan.FromSeconds(60)), "the checkpointer outlived its database");
    }

    [Fact]
    public async Task OpenWriter_AfterDispose_StartsNoCheckpointerThatWouldWaitOnTheDisposedStopEvent()
    {
        await using var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        await db.DisposeAsync();

        using (db.OpenWriter())
        {
            Assert.Null(db.CheckpointThread);
        }
    }

    [Fact]
    public async Task Checkpointer_WriterCommittedAndStaysOpen_CopiesTheWalIntoTheDatabaseFile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        var file = new FileInfo(db.DatabasePath);
        var before = file.Length;
        using var writer = db.OpenWriter();
        using (var tx = writer.BeginTransaction())
        {
            db.InsertSamples(writer, tx, Session, "r-1", TempRecorder.Samples(1, 2_000), 1);
            tx.Commit();
        }

        // The commit went to the WAL and the writer never checkpoints (wal_autocheckpoint=0) nor closes: only the
        // checkpointer's thread can grow the database file with the new pages.
        await Polling.WaitUntilAsync(() => { file.Refresh(); return file.Length > before + 100_000; }, TimeSpan.FromSeconds(60), ct);
    }

    [Fact]
    public async Task Recorder_WritesBackToBack_TheWalStartsOverAfterACheckpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _recorder.CreateStore(new HubOptions { RecorderCommitInterval = TimeSpan.Zero });
        await using (store)
        {
            var wal = Path.Combine(_recorder.Folder.FullName, "recording.db-wal");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var from = 1L;
            await store.WriteAsync(10, TempRecorder.Insert(store, Session, from, 10), ct);
            var first = WalStartOvers(wal);

            // Commits back to back: the checkpointer (every second) never finds every frame copied before the next commit
            // adds some, so only the writer's catch-up lets SQLite start the WAL over, which it counts in the WAL header.
            // Without it the WAL grew for as long as the writes came.
            var writes = Task.Run(
                async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        from += 10;
                        await store.WriteAsync(10, TempRecorder.Insert(store, Session, from, 10), stop.Token);
                    }
                },
                CancellationToken.None);
            try
            {
                await Polling.WaitUntilAsync(() => WalStartOvers(wal) != first, TimeSpan.FromSeconds(60), ct);
            }
            finally
            {
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writes);
            }
        }
    }

    /// <summary>The WAL's checkpoint sequence (header bytes 12-15, big-endian): SQLite adds one each time the WAL starts over.</summary>
    private static uint WalStartOvers(string wal)
    {
        using var file = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[16];
        file.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }

    [Fact]
    public void InsertSamples_ConnectionClosedAndOpenedAgain_PreparesTheInsertAgain()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = (SqliteConnection)db.Open();
        Insert(db, connection, 1);
        connection.Close();
        connection.Open();

        Insert(db, connection, 4);

        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT group_concat(seq) FROM (SELECT seq FROM samples_inbox ORDER BY seq)";
        Assert.Equal("1,2,3,4,5,6", cmd.ExecuteScalar());
    }

    [Fact]
    public void InsertSamples_SeqAlreadyInTheInbox_FailsTheTransactionWithTheSqliteErrorAndTheStatementStaysUsable()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = (SqliteConnection)db.Open();
        using (var cmd = connection.CreateCommand())
        {
            // A constraint the inbox does not have, so that one insert fails the way a full disk or a broken file would.
            cmd.CommandText = string.Concat(Enumerable.Range(0, Schema.InboxTables).Select(t =>
                $"CREATE UNIQUE INDEX test_inbox_once_{t} ON samples_inbox_{t} (session_id, runner_id, seq);"));
            cmd.ExecuteNonQuery();
        }

        Insert(db, connection, 1);
        var ex = Assert.Throws<SqliteException>(() => Insert(db, connection, 3));
        Insert(db, connection, 4);

        Assert.Equal(19, ex.SqliteErrorCode); // SQLITE_CONSTRAINT
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM samples_inbox";
        Assert.Equal(6L, count.ExecuteScalar());
    }

    [Fact]
    public void InsertSamples_EmptySessionAndRunnerIds_RecordsEmptyTextNotNull()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = (SqliteConnection)db.Open();
        using (var tx = connection.BeginTransaction())
        {
            db.InsertSamples(connection, tx, "", "", TempRecorder.Samples(1, 1), 1);
            tx.Commit();
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT typeof(session_id) || ',' || typeof(runner_id) || ',' || length(session_id) || ',' || length(runner_id) FROM samples_inbox";
        Assert.Equal("text,text,0,0", cmd.ExecuteScalar());
    }

    [Fact]
    public void InsertSamples_NoTransactionOrAnotherConnectionsTransaction_ThrowsAndInsertsNothing()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = (SqliteConnection)db.Open();
        using var other = (SqliteConnection)db.Open();
        using var otherTx = other.BeginTransaction();

        var none = Assert.Throws<ArgumentException>(() => db.InsertSamples(connection, null!, Session, "r-1", TempRecorder.Samples(1, 2), 1));
        var foreign = Assert.Throws<ArgumentException>(() => db.InsertSamples(connection, otherTx, Session, "r-1", TempRecorder.Samples(1, 2), 1));

        Assert.Equal("transaction", none.ParamName);
        Assert.Equal("transaction", foreign.ParamName);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM samples_inbox";
        Assert.Equal(0L, count.ExecuteScalar());
    }

    public void Dispose() => _recorder.Dispose();

    private static void Insert(SqliteRecordingDatabase db, System.Data.Common.DbConnection connection, long from)
    {
        using var tx = connection.BeginTransaction();
        db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(from, 3), 1);
        tx.Commit();
    }
}
