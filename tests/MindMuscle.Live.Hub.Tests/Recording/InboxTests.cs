using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// SQLite samples are committed to an append-only inbox and moved into the clustered samples table in bulk: all of it
/// before every read, at shutdown and at start-up (after a crash); the oldest <see cref="HubOptions.RecorderInboxMoveRows"/>
/// once it holds that many, and at least every <see cref="HubOptions.RecorderInboxMoveInterval"/>.
/// </summary>
public sealed class InboxTests : IDisposable
{
    private const string Session = "s-inbox";
    private readonly TempRecorder _recorder = new("mml-inbox-");

    [Fact]
    public async Task Store_CommittedSamples_WaitInTheInboxAndEveryReadSeesThemInTheSamplesTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1));
        for (var seq = 1L; seq <= 30; seq += 10)
        {
            await store.WriteAsync(10, Insert(store, seq, 10), ct);
        }

        // Committed (the writes completed) but not moved: the interval is an hour and nothing has read yet.
        Assert.Equal((0, 30), Counts());

        await using (var connection = await store.OpenReadAsync(ct))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), MIN(seq), MAX(seq) FROM samples WHERE session_id = 's-inbox'";
            using var r = await cmd.ExecuteReaderAsync(ct);
            Assert.True(await r.ReadAsync(ct));
            Assert.Equal((30L, 1L, 30L), (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)));
        }

        Assert.Equal((30, 0), Counts());
    }

    [Fact]
    public async Task Store_BusyPastTheMoveInterval_MovesTheInboxWithoutARead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.Zero);

        await store.WriteAsync(5, Insert(store, 1, 5), ct);
        await store.WriteAsync(5, Insert(store, 6, 5), ct);

        // With a zero interval every transaction ends with a move: only the last write's rows could be waiting, and
        // that transaction moved them too.
        Assert.Equal((10, 0), Counts());
    }

    [Fact]
    public async Task Store_InboxHoldingASlice_MovesOnlyItsOldestSliceAndAReadStillSeesEverySample()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), moveRows: 100);

        await store.WriteAsync(90, Insert(store, 1, 90), ct);
        Assert.Equal((0, 90), Counts());
        await store.WriteAsync(20, Insert(store, 91, 20), ct);

        // 110 rows waiting: one transaction moves the oldest 100 (commit order), no more, and leaves the newest.
        Assert.Equal((100, 10), Counts());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), Seqs());
        await store.WriteAsync(5, Insert(store, 111, 5), ct);
        Assert.Equal((100, 15), Counts());

        await using (var connection = await store.OpenReadAsync(ct))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), MAX(seq) FROM samples WHERE session_id = 's-inbox'";
            using var r = await cmd.ExecuteReaderAsync(ct);
            Assert.True(await r.ReadAsync(ct));
            Assert.Equal((115L, 115L), (r.GetInt64(0), r.GetInt64(1)));
        }

        Assert.Equal((115, 0), Counts());
        Assert.Equal(Enumerable.Range(1, 115).Select(i => (long)i), Seqs());
    }

    [Fact]
    public async Task Store_BulkLoad_MovesWithoutAReadAndTheInboxDoesNotGrow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), moveRows: 1_000);

        // A write bigger than a slice moves at least what it added: a backfill keeps the inbox at most a slice.
        await store.WriteAsync(10_000, Insert(store, 1, 10_000), ct);
        Assert.Equal((10_000, 0), Counts());
        await store.WriteAsync(600, Insert(store, 10_001, 600), ct);
        Assert.Equal((10_000, 600), Counts());
        await store.WriteAsync(600, Insert(store, 10_601, 600), ct);

        Assert.Equal((11_000, 200), Counts());
    }

    [Fact]
    public void Database_MoveInboxSlice_MovesTheOldestRowsByCommitOrderOnceAndSaysHowManyAreLeft()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        // Committed in this order: r-2's 1..3, r-1's 1..3, then a resend of r-2's 2..3, then r-1's 4..5.
        db.InsertSamples(connection, tx, Session, "r-2", TempRecorder.Samples(1, 3), 1);
        db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 3), 1);
        db.InsertSamples(connection, tx, Session, "r-2", TempRecorder.Samples(2, 2), 1);
        db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(4, 2), 1);

        Assert.Equal(4, db.MoveInbox(connection, tx, 6));
        Assert.Equal(["r-1:1", "r-1:2", "r-1:3", "r-2:1", "r-2:2", "r-2:3"], Keys(connection));
        Assert.Equal(2, db.MoveInbox(connection, tx, 2));
        Assert.Equal(0, db.MoveInbox(connection, tx, 6));

        // The resent seqs were skipped: each sample once, all of them moved.
        Assert.Equal(["r-1:1", "r-1:2", "r-1:3", "r-1:4", "r-1:5", "r-2:1", "r-2:2", "r-2:3"], Keys(connection));
        tx.Commit();
    }

    [Fact]
    public async Task Store_Disposed_LeavesEverySampleInTheSamplesTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = CreateStore(TimeSpan.FromHours(1));
        await store.WriteAsync(7, Insert(store, 1, 7), ct);
        Assert.Equal((0, 7), Counts());

        await store.DisposeAsync();

        Assert.Equal((7, 0), Counts());
    }

    [Fact]
    public void Database_StartedWithRowsLeftInTheInbox_MovesThemOnceAndSkipsSeqsAlreadyRecorded()
    {
        // A hub killed after committing to the inbox, including a resend of seqs 4..5 already moved before the crash.
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using (var connection = db.Open())
        {
            using (var tx = connection.BeginTransaction())
            {
                db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 5), 1);
                db.MoveInbox(connection, tx);
                db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(4, 5), 1);
                tx.Commit();
            }
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal((5, 5), Counts());

        new SqliteRecordingDatabase(_recorder.Folder.FullName).ApplySchema();

        Assert.Equal((8, 0), Counts());
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), Seqs());
    }

    [Fact]
    public void ReadOnlyStore_OnRowsLeftInTheInbox_RefusesToStartSayingHowToSettleThem()
    {
        // A hub killed after committing to the inbox: a read-only hub cannot fold the rows in, and must not hide them.
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using (var connection = db.Open())
        using (var tx = connection.BeginTransaction())
        {
            db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 3), 1);
            tx.Commit();
        }

        SqliteConnection.ClearAllPools();

        var ex = Assert.Throws<InvalidOperationException>(() => new RecordingStore(
            new SqliteRecordingDatabase(_recorder.Folder.FullName, readOnly: true), Microsoft.Extensions.Options.Options.Create(new HubOptions { ReadOnly = true }),
            new MindMuscle.Live.Hub.Telemetry.HubMetrics(_recorder.Meters), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RecordingStore>.Instance));

        Assert.Contains("3 acknowledged samples", ex.Message, StringComparison.Ordinal);
        Assert.Contains("without --read-only", ex.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal((0, 3), Counts());
    }

    public void Dispose() => _recorder.Dispose();

    private static Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction> Insert(RecordingStore store, long from, int count) =>
        TempRecorder.Insert(store, Session, from, count);

    private RecordingStore CreateStore(TimeSpan moveInterval, int moveRows = 20_000) =>
        _recorder.CreateStore(new HubOptions { RecorderCommitInterval = TimeSpan.Zero, RecorderInboxMoveInterval = moveInterval, RecorderInboxMoveRows = moveRows });

    /// <summary>"runner:seq" of every row in the samples table, in its key order, read in the writer's transaction.</summary>
    private static List<string> Keys(System.Data.Common.DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT runner_id || ':' || seq FROM samples ORDER BY session_id, runner_id, seq";
        using var r = cmd.ExecuteReader();
        var keys = new List<string>();
        while (r.Read())
        {
            keys.Add(r.GetString(0));
        }

        return keys;
    }

    /// <summary>(rows in samples, rows in the inbox), read from outside the hub.</summary>
    private (long Samples, long Inbox) Counts()
    {
        using var connection = ReadOnly();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM samples), (SELECT COUNT(*) FROM samples_inbox)";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private List<long> Seqs()
    {
        using var connection = ReadOnly();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT seq FROM samples ORDER BY seq";
        using var r = cmd.ExecuteReader();
        var seqs = new List<long>();
        while (r.Read())
        {
            seqs.Add(r.GetInt64(0));
        }

        return seqs;
    }

    private SqliteConnection ReadOnly()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_recorder.Folder.FullName, "recording.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
