using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// SQLite samples are committed to an append-only inbox and moved into the clustered samples table in bulk: all of it
/// before every read, at shutdown and at start-up (after a crash); in <see cref="HubOptions.RecorderInboxMoveSlices"/>
/// slices of runners, one per commit, once it holds <see cref="HubOptions.RecorderInboxMoveRows"/> rows and at least every
/// <see cref="HubOptions.RecorderInboxMoveInterval"/>.
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
    public async Task Store_InboxPastItsMoveRows_MovesOneSliceOfRunnersPerCommitAndAReadStillSeesEverySample()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), moveRows: 100, moveSlices: 4);

        // Four runners' 30 rows each: past the 100 rows, so this commit begins a pass (finds its four slices, one runner
        // each) and each of the next commits carries one slice.
        await store.WriteAsync(120, (c, tx) =>
        {
            foreach (var runner in new[] { "r-4", "r-2", "r-3", "r-1" })
            {
                store.Database.InsertSamples(c, tx, Session, runner, TempRecorder.Samples(1, 30), 1);
            }
        }, ct);
        Assert.Equal((0, 120), Counts());
        await store.WriteAsync(5, (c, tx) => store.Database.InsertSamples(c, tx, Session, "r-5", TempRecorder.Samples(1, 5), 1), ct);
        Assert.Equal((30, 125), Counts());
        Assert.Equal(["r-1"], Runners());
        await store.WriteAsync(5, (c, tx) => store.Database.InsertSamples(c, tx, Session, "r-5", TempRecorder.Samples(6, 5), 1), ct);
        Assert.Equal((60, 130), Counts());
        Assert.Equal(["r-1", "r-2"], Runners());

        await using (var connection = await store.OpenReadAsync(ct))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT runner_id) FROM samples WHERE session_id = 's-inbox'";
            using var r = await cmd.ExecuteReaderAsync(ct);
            Assert.True(await r.ReadAsync(ct));
            Assert.Equal((130L, 5L), (r.GetInt64(0), r.GetInt64(1)));
        }

        Assert.Equal((130, 0), Counts());
    }

    [Fact]
    public async Task Store_BulkLoad_MovesTheInboxEveryMoveRowsWithoutARead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), moveRows: 1_000);

        // One runner: one slice, the whole inbox, moved in the commit that took it past 1,000 rows.
        await store.WriteAsync(10_000, Insert(store, 1, 10_000), ct);
        Assert.Equal((10_000, 0), Counts());
        await store.WriteAsync(600, Insert(store, 10_001, 600), ct);
        Assert.Equal((10_000, 600), Counts());
        await store.WriteAsync(600, Insert(store, 10_601, 600), ct);
        Assert.Equal((11_200, 0), Counts());
        await store.WriteAsync(1, Insert(store, 11_201, 1), ct);

        Assert.Equal((11_200, 1), Counts());
    }

    [Fact]
    public void Database_MoveInboxSlice_MovesTheRowsOfOneRangeOfRunnersAtATimeOnceAndLeavesLaterRowsToTheNextPass()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        db.InsertSamples(connection, tx, Session, "r-2", TempRecorder.Samples(1, 3), 1);
        db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 3), 1);
        db.InsertSamples(connection, tx, Session, "r-2", TempRecorder.Samples(2, 2), 1);

        Assert.False(db.MoveInboxSlice(connection, tx, 2));
        Assert.Empty(Keys(connection));
        Assert.False(db.MoveInboxSlice(connection, tx, 2));
        Assert.Equal(["r-1:1", "r-1:2", "r-1:3"], Keys(connection));
        db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(4, 2), 1);
        Assert.True(db.MoveInboxSlice(connection, tx, 2));

        // The resent seqs were skipped (each sample once); r-1's rows that came after the pass began wait for the next.
        Assert.Equal(["r-1:1", "r-1:2", "r-1:3", "r-2:1", "r-2:2", "r-2:3"], Keys(connection));
        Assert.Equal(2L, InboxCount(connection));

        // A pass of one runner is one slice, moved at once.
        Assert.True(db.MoveInboxSlice(connection, tx, 2));
        Assert.Equal(0L, InboxCount(connection));
        Assert.Equal(8, Keys(connection).Count);
        tx.Commit();
    }

    [Fact]
    public void Database_PassAbandonedAfterARolledBackSlice_StartsOverAndLosesNoRow()
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using var connection = db.Open();
        using (var tx = connection.BeginTransaction())
        {
            db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 3), 1);
            db.InsertSamples(connection, tx, Session, "r-2", TempRecorder.Samples(1, 3), 1);
            tx.Commit();
        }

        using (var tx = connection.BeginTransaction())
        {
            Assert.False(db.MoveInboxSlice(connection, tx, 2));
            Assert.False(db.MoveInboxSlice(connection, tx, 2));
            tx.Rollback();
        }

        db.AbandonInboxMove();
        using (var tx = connection.BeginTransaction())
        {
            // Without starting over, this slice would be r-2's and its delete would drop r-1's rows, never moved.
            Assert.False(db.MoveInboxSlice(connection, tx, 2));
            Assert.False(db.MoveInboxSlice(connection, tx, 2));
            Assert.True(db.MoveInboxSlice(connection, tx, 2));
            tx.Commit();
        }

        Assert.Equal(["r-1:1", "r-1:2", "r-1:3", "r-2:1", "r-2:2", "r-2:3"], Keys(connection));
        Assert.Equal(0L, InboxCount(connection));
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

    private RecordingStore CreateStore(TimeSpan moveInterval, int moveRows = 20_000, int moveSlices = 8) =>
        _recorder.CreateStore(new HubOptions
        {
            RecorderCommitInterval = TimeSpan.Zero, RecorderInboxMoveInterval = moveInterval, RecorderInboxMoveRows = moveRows, RecorderInboxMoveSlices = moveSlices,
        });

    private static long InboxCount(System.Data.Common.DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM samples_inbox";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>The runners with rows in the samples table, read from outside the hub.</summary>
    private List<string> Runners()
    {
        using var connection = ReadOnly();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT runner_id FROM samples ORDER BY runner_id";
        using var r = cmd.ExecuteReader();
        var runners = new List<string>();
        while (r.Read())
        {
            runners.Add(r.GetString(0));
        }

        return runners;
    }

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
