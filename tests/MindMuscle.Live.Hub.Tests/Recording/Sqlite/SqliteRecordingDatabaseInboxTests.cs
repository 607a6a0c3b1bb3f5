using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Recording;

namespace MindMuscle.Live.Hub.Tests.Recording.Sqlite;

/// <summary>
/// The inbox moves in slices of runners, one per transaction: every state a second process can read between those
/// commits holds each sample exactly once, in the samples table or in the inbox.
/// </summary>
public sealed class SqliteRecordingDatabaseInboxTests : IDisposable
{
    private const string Session = "s-slices";
    private const int Runners = 64;
    private const int PerRunner = 10;
    private static readonly string[] RunnersInKeyOrder = [.. Enumerable.Range(0, Runners).Select(Runner).Order(StringComparer.Ordinal)];
    private readonly TempRecorder _recorder = new("mml-inbox-slices-");
    private readonly List<SqliteRecordingDatabase> _databases = [];

    [Fact]
    public void MoveInboxSlice_OnePerCommit_EveryCommittedStateHoldsEachSampleExactlyOnce()
    {
        var db = CreateSut(slices: 8);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);
        var expected = Expected(PerRunner);
        var partial = 0;
        var moves = 0;
        bool emptied;

        do
        {
            using (var tx = connection.BeginTransaction())
            {
                emptied = db.MoveInboxSlice(connection, tx);
                tx.Commit();
            }

            moves++;
            var (samples, inbox) = Counts();
            partial += samples > 0 && inbox > 0 ? 1 : 0;
            // Read as the fault tests and any second process read the file: both tables, while the writer stays open.
            Assert.Equal(expected, RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
        }
        while (!emptied && moves < 100);

        // 64 runners in 8 ranges of 8: a slice per commit, each commit leaving the others in the inbox.
        Assert.Equal(8, moves);
        Assert.Equal(7, partial);
        Assert.Equal((Runners * PerRunner, 0L), Counts());
    }

    [Fact]
    public void MoveInboxSlice_RowsArrivingBetweenSlices_AreMovedOnceWithTheirSlicesNextTurn()
    {
        var db = CreateSut(slices: 4);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);

        for (var round = 2; round <= 4; round++)
        {
            using var tx = connection.BeginTransaction();
            db.MoveInboxSlice(connection, tx);
            tx.Commit();
            InsertEveryRunner(db, connection, from: ((round - 1) * PerRunner) + 1);
            Assert.Equal(Expected(round * PerRunner), RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
        }

        while (!MoveSliceAndCommit(db, connection))
        {
            Assert.Equal(Expected(4 * PerRunner), RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
        }

        Assert.Equal((4L * Runners * PerRunner, 0L), Counts());
    }

    [Fact]
    public void MoveInboxSlice_MoveRolledBackThenBookkeepingReset_MovesEverySliceAgain()
    {
        var db = CreateSut(slices: 8);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);
        using (var tx = connection.BeginTransaction())
        {
            while (!db.MoveInboxSlice(connection, tx))
            {
            }

            tx.Rollback();
        }

        // The recorder resets after any failed transaction: the slices it believed empty still hold their rows.
        db.ResetInboxBookkeeping();
        InsertEveryRunner(db, connection, from: PerRunner + 1);
        var moves = 0;
        while (!MoveSliceAndCommit(db, connection))
        {
            moves++;
        }

        Assert.Equal(7, moves);
        Assert.Equal((2L * Runners * PerRunner, 0L), Counts());
        Assert.Equal(Expected(2 * PerRunner), RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
    }

    [Fact]
    public void MoveInboxSlice_FewerSlicesThanTablesAfterABookkeepingReset_ReportsTheInboxEmptyOnceEachSliceMoved()
    {
        var db = CreateSut(slices: 4);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);

        // As after a failed transaction: the recorder clears its "inbox pending" flag only once a move says empty.
        db.ResetInboxBookkeeping();
        var moves = 0;
        bool emptied;
        do
        {
            emptied = MoveSliceAndCommit(db, connection);
            moves++;
        }
        while (!emptied && moves < 100);

        Assert.True(emptied, "the slice moves never reported the inbox empty");
        Assert.Equal(4, moves);
        Assert.Equal((Runners * PerRunner, 0L), Counts());
    }

    [Fact]
    public void InsertSamples_NewDatabaseObjectOnRowsLeftInEverySlice_AddsToThemAndMovesEachOnce()
    {
        // A hub stopped hard with rows in every slice, opened again without ApplySchema's move (as a tool would).
        var first = CreateSut(slices: 8);
        using (var connection = first.OpenWriter())
        {
            InsertEveryRunner(first, connection, from: 1);
        }

        SqliteConnection.ClearAllPools();
        var second = CreateSut(slices: 8);
        using (var connection = second.OpenWriter())
        {
            InsertEveryRunner(second, connection, from: PerRunner + 1);
            using var tx = connection.BeginTransaction();
            second.MoveInbox(connection, tx);
            tx.Commit();
        }

        Assert.Equal(Expected(2 * PerRunner), RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
        Assert.Equal((2L * Runners * PerRunner, 0L), Counts());
    }

    [Fact]
    public void ApplySchema_Version5FileWithRowsInTheSingleInbox_MovesThemOnceAndKeepsTheInboxReadableByItsName()
    {
        var db = CreateSut(slices: 8);
        using (var connection = db.Open())
        using (var cmd = connection.CreateCommand())
        {
            // The file as a version-5 hub stopped hard left it: one inbox table, holding a seq already moved too.
            cmd.CommandText = """
                DROP VIEW samples_inbox;
                CREATE TABLE samples_inbox AS SELECT * FROM samples_inbox_0 WHERE 0;
                INSERT INTO samples (session_id, runner_id, seq, observed_at, received_at, backfilled) VALUES ('s-slices', 'r-old', 1, 1, 1, 0);
                INSERT INTO samples_inbox (session_id, runner_id, seq, observed_at, received_at, backfilled)
                    VALUES ('s-slices', 'r-old', 1, 1, 1, 0), ('s-slices', 'r-old', 2, 2, 2, 0), ('s-slices', 'r-old', 3, 3, 3, 0);
                PRAGMA user_version = 5;
                """;
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        db.ApplySchema();

        Assert.Equal(new Dictionary<string, List<long>> { ["r-old"] = [1, 2, 3] }, RecordingFile.RecordedSeqs(_recorder.Folder.FullName, Session));
        Assert.Equal((3L, 0L), Counts());
        using var writer = db.OpenWriter();
        InsertEveryRunner(db, writer, from: 1);
        Assert.Equal(Runners * PerRunner, Counts().Inbox);
    }

    [Fact]
    public void InsertSamples_RunnersArrivingInAnyOrder_EachSliceIsAContiguousEqualRangeOfRunnersInKeyOrder()
    {
        var db = CreateSut(slices: 8);
        using var connection = db.OpenWriter();
        // Two sessions, their runners arriving shuffled (as joins do): key order is neither arrival nor index order. A
        // seeded shuffle, the same order in every run (string hash codes are randomised per process). 64 runners: 8 per
        // slice, and a count at which the ranges are laid out again (at 1 to 16, 18, 20, ... 51, 57, 64 runners: each
        // time they grew by an eighth), so after the last join every slice is an equal range; with 60 the last three
        // joiners would take the slice of their rank in the layout made at 57, and the slices would not be equal.
        var runners = Enumerable.Range(0, Runners)
            .Select(i => (Session: i % 2 == 0 ? "s-b" : "s-a", Runner: Runner(i * 37 % Runners)))
            .ToArray();
        new Random(20_261_207).Shuffle(runners);
        using (var tx = connection.BeginTransaction())
        {
            // While runners join, the ranges are laid out again as they grow: a runner's first rows may sit in another
            // slice than its next ones (each row still in one place), so the join's rows are moved before looking.
            foreach (var (session, runner) in runners)
            {
                db.InsertSamples(connection, tx, session, runner, TempRecorder.Samples(1, 1), 1);
            }

            db.MoveInbox(connection, tx);
            foreach (var (session, runner) in runners)
            {
                db.InsertSamples(connection, tx, session, runner, TempRecorder.Samples(2, 1), 1);
            }

            tx.Commit();
        }

        // Each table's runners, and the table of each runner in key order: runners that share pages of the samples
        // table and its indexes are moved together.
        var tables = InboxTableOfEachRunner();

        Assert.Equal(Runners, tables.Count);
        Assert.Equal(tables.Order(), tables);
        Assert.All(tables.CountBy(t => t), slice => Assert.Equal(Runners / 8, slice.Value));
    }

    [Fact]
    public void InsertSamples_NewSessionAfterManySessionsCameAndWent_ItsRunnersSpreadOverEverySlice()
    {
        var clock = new FakeTimeProvider();
        var db = CreateSut(slices: 8, clock);
        using var connection = db.OpenWriter();
        // 20 sessions of 64 runners, one after the other, each recorded for two full cycles of slice moves and gone for
        // longer than a runner may idle; a long-running hub sees hundreds. The new session sorts after all of them: laid
        // out over every runner ever seen, its 64 would be the last 64 ranks of 1344 and all share the last slice.
        for (var old = 0; old < 20; old++)
        {
            var session = $"s-old-{old:d2}";
            InsertEveryRunner(db, connection, session, from: 1);
            clock.Advance(SqliteRecordingDatabase.RunnerIdleBeforePrune);
            for (var move = 0; move < 16; move++)
            {
                MoveSliceAndCommit(db, connection);
            }
        }

        InsertEveryRunner(db, connection, "s-zz-new", from: 1);
        using (var tx = connection.BeginTransaction())
        {
            // As the layout test: a joiner's first rows may sit in the slice of an earlier layout; its next ones do not.
            db.MoveInbox(connection, tx);
            tx.Commit();
        }

        InsertEveryRunner(db, connection, "s-zz-new", from: PerRunner + 1);

        var tables = InboxTableOfEachRunner();
        Assert.Equal(Runners, tables.Count);
        Assert.Equal(Enumerable.Range(0, 8), tables.Distinct().Order());
        Assert.All(tables.CountBy(t => t), slice => Assert.Equal(Runners / 8, slice.Value));
    }

    [Fact]
    public void MoveInboxSlice_EveryCommitMovesASliceAndRunnersPublishEvery250Ms_EachRunnerKeepsItsSlice()
    {
        // RecorderInboxMoveInterval=0: a cycle of slice moves is 8 commits, 80 ms at one commit per 10 ms, while a 4 Hz
        // runner inserts once per 250 ms, so most cycles see it insert nothing. It has not gone: it keeps its slice.
        var clock = new FakeTimeProvider();
        var db = CreateSut(slices: 8, clock);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);
        using (var tx = connection.BeginTransaction())
        {
            db.MoveInbox(connection, tx);
            tx.Commit();
        }

        // The layout the runners joined with: 64 in key order, 8 equal ranges (as the layout test).
        InsertEveryRunner(db, connection, from: PerRunner + 1);
        var joined = InboxTableOfEachRunner();
        Assert.Equal(Runners, joined.Count);
        var seq = 2L * PerRunner;
        // Two seconds of commits, each runner's turn every 25th (its publishes spread over the 250 ms as they are).
        for (var commit = 0; commit < 200; commit++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            using (var tx = connection.BeginTransaction())
            {
                for (var r = commit % 25; r < Runners; r += 25)
                {
                    db.InsertSamples(connection, tx, Session, Runner(r), TempRecorder.Samples(++seq, 1), 1);
                }

                db.MoveInboxSlice(connection, tx);
                tx.Commit();
            }

            // Every runner whose rows are in the inbox has them in the table of its slice, and only there.
            var tables = InboxTablesByRunner();
            Assert.All(tables, t => Assert.Equal(joined[Array.IndexOf(RunnersInKeyOrder, t.Key)], Assert.Single(t.Value)));
        }
    }

    [Fact]
    public void MoveInboxSlice_OneSlice_MovesTheWholeInboxAtOnce()
    {
        var db = CreateSut(slices: 1);
        using var connection = db.OpenWriter();
        InsertEveryRunner(db, connection, from: 1);

        Assert.True(MoveSliceAndCommit(db, connection));

        Assert.Equal((Runners * PerRunner, 0L), Counts());
    }

    public void Dispose()
    {
        // Stops each checkpointer before the folder goes.
        foreach (var db in _databases)
        {
            db.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _recorder.Dispose();
    }

    private SqliteRecordingDatabase CreateSut(int slices, TimeProvider? time = null)
    {
        var db = new SqliteRecordingDatabase(_recorder.Folder.FullName, inboxSlices: slices, time: time);
        _databases.Add(db);
        db.ApplySchema();
        return db;
    }

    private static bool MoveSliceAndCommit(SqliteRecordingDatabase db, DbConnection connection)
    {
        using var tx = connection.BeginTransaction();
        var emptied = db.MoveInboxSlice(connection, tx);
        tx.Commit();
        return emptied;
    }

    /// <summary>The inbox table of each runner with rows there, in key order (session_id, runner_id), read from outside the writer.</summary>
    private List<int> InboxTableOfEachRunner()
    {
        using var read = new SqliteConnection($"Data Source={Path.Combine(_recorder.Folder.FullName, "recording.db")};Mode=ReadOnly;Pooling=False");
        read.Open();
        using var cmd = read.CreateCommand();
        cmd.CommandText = string.Join(" UNION ALL ", Enumerable.Range(0, 8).Select(t => $"SELECT DISTINCT {t}, session_id, runner_id FROM samples_inbox_{t}"))
            + " ORDER BY session_id, runner_id";
        var tables = new List<int>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            tables.Add(r.GetInt32(0));
        }

        return tables;
    }

    /// <summary>The inbox tables holding each runner's rows, for the runners with rows there, read from outside the writer.</summary>
    private Dictionary<string, List<int>> InboxTablesByRunner()
    {
        using var read = new SqliteConnection($"Data Source={Path.Combine(_recorder.Folder.FullName, "recording.db")};Mode=ReadOnly;Pooling=False");
        read.Open();
        using var cmd = read.CreateCommand();
        cmd.CommandText = string.Join(" UNION ALL ", Enumerable.Range(0, 8).Select(t => $"SELECT DISTINCT {t}, runner_id FROM samples_inbox_{t}"))
            + " ORDER BY 1";
        var tables = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var runner = r.GetString(1);
            if (!tables.TryGetValue(runner, out var list))
            {
                tables[runner] = list = [];
            }

            list.Add(r.GetInt32(0));
        }

        return tables;
    }

    /// <summary>Every runner's next <see cref="PerRunner"/> seqs, one transaction (rows of all runners interleaved by commit).</summary>
    private static void InsertEveryRunner(SqliteRecordingDatabase db, DbConnection connection, long from) =>
        InsertEveryRunner(db, connection, Session, from);

    /// <summary>As above, for the runners of <paramref name="session"/>.</summary>
    private static void InsertEveryRunner(SqliteRecordingDatabase db, DbConnection connection, string session, long from)
    {
        using var tx = connection.BeginTransaction();
        for (var seq = from; seq < from + PerRunner; seq++)
        {
            for (var r = 0; r < Runners; r++)
            {
                db.InsertSamples(connection, tx, session, Runner(r), TempRecorder.Samples(seq, 1), 1);
            }
        }

        tx.Commit();
    }

    private static string Runner(int i) => $"r-{i:x12}";

    private static Dictionary<string, List<long>> Expected(int perRunner) =>
        Enumerable.Range(0, Runners).ToDictionary(Runner, _ => Enumerable.Range(1, perRunner).Select(s => (long)s).ToList(), StringComparer.Ordinal);

    /// <summary>(rows in samples, rows in the inbox), read from outside the writer.</summary>
    private (long Samples, long Inbox) Counts()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_recorder.Folder.FullName, "recording.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM samples), (SELECT COUNT(*) FROM samples_inbox)";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
