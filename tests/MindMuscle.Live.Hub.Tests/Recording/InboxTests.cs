using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// SQLite samples are committed to an append-only inbox and moved into the clustered samples table in bulk: all of it at
/// shutdown and at start-up (after a crash); under load one slice of runners per transaction, each slice every 20,000
/// rows and at least every <see cref="HubOptions.RecorderInboxMoveInterval"/>. Reads never move it: they read the inbox
/// with the samples table in one statement, and see every committed sample once.
/// </summary>
public sealed class InboxTests : IDisposable
{
    private const string Session = "s-inbox";
    private readonly TempRecorder _recorder = new("mml-inbox-");

    [Fact]
    public async Task Store_CommittedSamples_StayInTheInboxAndEveryReadSeesThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = CreateStore(TimeSpan.FromHours(1));
        for (var seq = 1L; seq <= 30; seq += 10)
        {
            await store.WriteAsync(10, Insert(store, seq, 10), ct);
        }

        // Committed (the writes completed) but not moved: the interval is an hour.
        Assert.Equal((0, 30), Counts());

        var first = TempRecorder.Samples(1, 30)[0].ObservedAt;
        var last = TempRecorder.Samples(1, 30)[^1].ObservedAt;
        await using (var reader = await store.OpenReaderAsync(ct))
        {
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), await reader.ReadRunnerAsync(Session, "r-1", ct).Select(s => s.Seq).ToListAsync(ct));
            Assert.Equal(30, await reader.ReadSamplesAsync(Session, null, first, last, ct).CountAsync(ct));
            Assert.Equal(30, await reader.ReadByTimeAsync(Session, first, pageSize: 7, ct).CountAsync(ct));
            Assert.Equal(first, await reader.FirstSampleAtAsync(Session, ct));
            Assert.Equal(new RecordedProgress(30, [], 30), reader.ReadProgress(Session, "r-1"), ProgressEquality);
            Assert.Equal(30, CsvRows(await reader.OpenCsvRowsAsync(Session, ct)).Count);
        }

        await using (var series = new SeriesReader(await store.OpenReadAsync(ct)))
        {
            Assert.Equal((first, last), await series.TimeRangeAsync(Session, "r-1", ct));
            var buckets = await series.ReadAsync(Session, "r-1", "heartRateBpm", first, last, points: 3, ct);
            Assert.Equal(30, buckets.Sum(b => b.N));
        }

        await using (var state = new StateReader(await store.OpenReadAsync(ct)))
        {
            Assert.Equal(30, (await state.LatestAtOrBeforeAsync(Session, ["r-1"], last, ct)).Single()?.Seq);
        }

        using (var connection = store.OpenRead())
        {
            Assert.Equal(new RecordedProgress(30, [], 30), SessionRows.RunnerProgress(connection, Session, "r-1"), ProgressEquality);
        }

        // Nothing was moved for the reads: the recorder did no work for them.
        Assert.Equal((0, 30), Counts());
    }

    [Fact]
    public async Task Reads_DuringLiveWrites_SeeEveryAcknowledgedSampleExactlyOnceInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        const int runners = 24;
        const int rounds = 150;
        // A zero interval: every commit moves the next slice, so between (and during) reads the rows move between the
        // tables while the seven other slices wait in the inbox.
        await using var store = CreateStore(TimeSpan.Zero, slices: 8);
        var ids = Enumerable.Range(0, runners).Select(r => $"r-{r:00}").ToArray();
        var acked = 0L;
        var writer = Task.Run(async () =>
        {
            for (var seq = 1L; seq <= rounds; seq++)
            {
                var samples = TempRecorder.Samples(seq, 1);
                // Every runner's seq in one transaction: each committed state holds the same seqs of every runner.
                await store.WriteAsync(runners, (c, tx) =>
                {
                    foreach (var id in ids)
                    {
                        store.Database.InsertSamples(c, tx, Session, id, samples, 1);
                    }
                }, ct);
                Volatile.Write(ref acked, seq);
            }
        }, ct);

        var reads = 0;
        var split = 0;
        while (!writer.IsCompleted || reads < 3)
        {
            var ackedBefore = Volatile.Read(ref acked);
            split += Counts() is (> 0, > 0) ? 1 : 0;
            await using var reader = await store.OpenReaderAsync(ct);

            // The export: one snapshot, ordered by (observed_at, runner_id, seq); a round's samples share observed_at.
            var rows = CsvRows(await reader.OpenCsvRowsAsync(Session, ct));
            var seen = rows.Count / runners;
            Assert.True(seen >= ackedBefore, $"the export saw {seen} rounds, {ackedBefore} were acknowledged before it");
            Assert.Equal(
                Enumerable.Range(1, (int)seen).SelectMany(seq => ids.Select(id => (id, (long)seq))),
                rows);

            // One runner's seqs and progress: each its own statement, each sees a prefix at least as long as acked.
            var one = ids[reads % runners];
            var seqs = await reader.ReadRunnerAsync(Session, one, ct).Select(s => s.Seq).ToListAsync(ct);
            Assert.True(seqs.Count >= ackedBefore);
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
            var progress = reader.ReadProgress(Session, one);
            Assert.True(progress.UpTo >= seqs.Count && progress.Count == progress.UpTo && progress.Above.Count == 0, $"{one}: {progress}");

            // Keyset pages, each its own statement while rows move: still each sample once, in order.
            var byTime = await reader.ReadByTimeAsync(Session, 0, pageSize: 50, ct).Select(x => (x.RunnerId, x.Sample.Seq)).ToListAsync(ct);
            Assert.True(byTime.Count >= ackedBefore * runners);
            Assert.Equal(byTime.Distinct().Count(), byTime.Count);
            Assert.Equal(byTime.OrderBy(x => x.Seq).ThenBy(x => x.RunnerId, StringComparer.Ordinal), byTime);
            reads++;
        }

        await writer;
        Assert.True(split > 0, "no read began while the samples were split between the samples table and the inbox");
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

        await using (var reader = await store.OpenReaderAsync(ct))
        {
            Assert.Equal(10, await reader.ReadRunnerAsync(Session, "r-1", ct).CountAsync(ct));
        }

        // The shutdown moves what the retries left in the inbox.
        await store.DisposeAsync();
        Assert.Equal((10, 0), Counts());
    }

    [Fact]
    public async Task Store_MetricsListenerThrowsAfterTheCommit_WritesEachBatchOnceAndKeepsRecording()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = _recorder.Meters;
        var thrown = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "mml.hub.recorder.batch_size" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        // Runs after the batch's transaction committed: it must not make the recorder retry (re-insert) the batch.
        listener.SetMeasurementEventCallback<long>((_, _, _, _) =>
        {
            Interlocked.Increment(ref thrown);
            throw new InvalidOperationException("a failing metrics listener");
        });
        listener.Start();

        // An hour's interval: nothing moves, and the inbox (which keeps duplicates) shows every row each write inserted.
        await using var store = CreateStore(TimeSpan.FromHours(1));
        await store.WriteAsync(10, Insert(store, 1, 10), ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        await store.WriteAsync(5, Insert(store, 11, 5), ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.True(Volatile.Read(ref thrown) >= 2, $"the listener threw {thrown} times");
        Assert.Equal((0, 15), Counts());
        await using var reader = await store.OpenReaderAsync(ct);
        Assert.Equal(Enumerable.Range(1, 15).Select(i => (long)i), await reader.ReadRunnerAsync(Session, "r-1", ct).Select(s => s.Seq).ToListAsync(ct));
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
    public async Task ReadOnlyStore_OnRowsLeftInTheInbox_ServesThemWithTheMovedOnesAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        // A hub killed after committing to the inbox: seqs 1..5 moved, 6..8 still in the inbox.
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName);
        db.ApplySchema();
        using (var connection = db.Open())
        using (var tx = connection.BeginTransaction())
        {
            db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(1, 5), 1);
            db.MoveInbox(connection, tx);
            db.InsertSamples(connection, tx, Session, "r-1", TempRecorder.Samples(6, 3), 1);
            tx.Commit();
        }

        SqliteConnection.ClearAllPools();

        await using (var store = new RecordingStore(
            new SqliteRecordingDatabase(_recorder.Folder.FullName, readOnly: true), Microsoft.Extensions.Options.Options.Create(new HubOptions { ReadOnly = true }),
            new MindMuscle.Live.Hub.Telemetry.HubMetrics(_recorder.Meters), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<RecordingStore>.Instance))
        {
            await using var reader = await store.OpenReaderAsync(ct);
            Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), await reader.ReadRunnerAsync(Session, "r-1", ct).Select(s => s.Seq).ToListAsync(ct));
            Assert.Equal(8, CsvRows(await reader.OpenCsvRowsAsync(Session, ct)).Count);
            Assert.Equal(new RecordedProgress(8, [], 8), reader.ReadProgress(Session, "r-1"), ProgressEquality);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal((5, 3), Counts());
    }

    public void Dispose() => _recorder.Dispose();

    private static readonly IEqualityComparer<RecordedProgress> ProgressEquality = EqualityComparer<RecordedProgress>.Create(
        (a, b) => a is not null && b is not null && a.UpTo == b.UpTo && a.Count == b.Count && a.Above.SequenceEqual(b.Above),
        p => HashCode.Combine(p.UpTo, p.Count));

    /// <summary>(runner, seq) of every row of an export, in its order.</summary>
    private static List<(string RunnerId, long Seq)> CsvRows(ICsvRows rows)
    {
        using (rows)
        {
            var list = new List<(string, long)>();
            var sample = default(CsvSample);
            while (rows.Read(ref sample))
            {
                list.Add((rows.RunnerId, sample.Seq));
            }

            return list;
        }
    }

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
