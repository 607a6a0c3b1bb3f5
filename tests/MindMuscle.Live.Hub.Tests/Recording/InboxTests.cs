using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// SQLite samples are committed to an append-only inbox and moved into the clustered samples table in bulk: all of it
/// before every read, at shutdown and at start-up (after a crash); under load one slice of runners per transaction, each
/// slice every 20,000 rows and at least every <see cref="HubOptions.RecorderInboxMoveInterval"/>.
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
    public async Task Store_BulkLoadInOneSlice_MovesTheInboxEvery20000RowsWithoutARead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), slices: 1);

        await store.WriteAsync(10_000, Insert(store, 1, 10_000), ct);
        Assert.Equal((0, 10_000), Counts());
        await store.WriteAsync(10_000, Insert(store, 10_001, 10_000), ct);
        Assert.Equal((20_000, 0), Counts());
        await store.WriteAsync(5, Insert(store, 20_001, 5), ct);

        Assert.Equal((20_000, 5), Counts());
    }

    [Fact]
    public async Task Store_BulkLoadInEightSlices_MovesARunnersSliceEvery2500RowsWithoutARead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1), slices: 8);

        await store.WriteAsync(1_000, Insert(store, 1, 1_000), ct);
        await store.WriteAsync(1_000, Insert(store, 1_001, 1_000), ct);
        Assert.Equal((0, 2_000), Counts());
        await store.WriteAsync(1_000, Insert(store, 2_001, 1_000), ct);

        // One runner is one slice: the move that 2,500 rows (20,000 / 8) start is that slice's.
        Assert.Equal((3_000, 0), Counts());
    }

    [Fact]
    public async Task Store_SliceMovedWithEveryCommit_EachAcknowledgedSampleIsInTheFileExactlyOnceAfterEveryCommit()
    {
        var ct = TestContext.Current.CancellationToken;
        const int runners = 48;
        // A zero interval: every transaction moves the next slice, and the seven others stay in the inbox meanwhile.
        await using var store = CreateStore(TimeSpan.Zero, slices: 8);
        var split = 0;

        for (var seq = 1L; seq <= 24; seq++)
        {
            var samples = TempRecorder.Samples(seq, 1);
            await store.WriteAsync(runners, (c, tx) =>
            {
                for (var r = 0; r < runners; r++)
                {
                    store.Database.InsertSamples(c, tx, Session, $"r-{r}", samples, 1);
                }
            }, ct);

            // Read as the fault tests and any second process read the file (both tables), between the writer's commits.
            var recorded = RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session);
            Assert.Equal(runners, recorded.Count);
            Assert.All(recorded.Values, seqs => Assert.Equal(Enumerable.Range(1, (int)seq).Select(i => (long)i), seqs));
            split += Counts() is (> 0, > 0) ? 1 : 0;
        }

        Assert.True(split >= 20, $"only {split} of 24 commits left the samples split between the tables");
    }

    [Fact]
    public async Task Store_BatchWithAFailingWriteAfterTheInboxWasMoved_TheNextReadSeesTheGoodWritesRetriedAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        // A zero interval: the blocker's transaction ends with a move of the (empty) inbox, so nothing is pending before
        // the failing batch, and only that batch's retries can put samples in the inbox.
        await using var store = CreateStore(TimeSpan.Zero);
        using var gate = new ManualResetEventSlim(initialState: false);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task blocker, bad, good;
        try
        {
            blocker = await store.EnqueueAsync(1, (_, _) =>
            {
                running.TrySetResult();
                gate.Wait(ct);
            }, ct);
            await running.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);

            // Queued while the writer holds the blocker's transaction: the two share the next batch.
            bad = await store.EnqueueAsync(1, (_, _) => throw new InvalidOperationException("a bad write"), ct);
            good = await store.EnqueueAsync(10, Insert(store, 1, 10), ct);
        }
        finally
        {
            gate.Set();
        }

        await blocker.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad.WaitAsync(TimeSpan.FromSeconds(60), ct));
        await good.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal((0, 10), Counts());

        await using (var connection = await store.OpenReadAsync(ct))
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM samples WHERE session_id = 's-inbox'";
            Assert.Equal(10L, Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal((10, 0), Counts());
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

    private RecordingStore CreateStore(TimeSpan moveInterval, int slices = SqliteRecordingDatabase.DefaultInboxSlices) =>
        _recorder.CreateStore(new HubOptions
        {
            RecorderCommitInterval = TimeSpan.Zero, RecorderInboxMoveInterval = moveInterval, RecorderInboxSlices = slices,
        });

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
