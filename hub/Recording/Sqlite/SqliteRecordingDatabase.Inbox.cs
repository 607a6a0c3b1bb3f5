using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>
/// The inbox in slices of runners: each runner's samples go to one of the inbox's tables (<c>samples_inbox_0</c> ...),
/// the slices being contiguous ranges of runners in key order, append-only like the single inbox was. One transaction
/// copies a table into the clustered samples table and empties it, so every committed state of the file holds each sample exactly once (in
/// <c>samples</c> or in the <c>samples_inbox</c> view), and the transaction never reads nor writes the other slices' rows.
/// A move's cost is mostly the pages its runners' rows land on: a slice of neighbouring runners writes the pages they
/// share once, as one move of the whole inbox did, so moving one slice at a time keeps the page writes per sample, while
/// no transaction holds the writes queued behind it for the whole move.
/// </summary>
internal sealed partial class SqliteRecordingDatabase
{
    /// <summary>Slices the inbox is split into unless told otherwise (<see cref="HubOptions.RecorderInboxSlices"/>).</summary>
    public const int DefaultInboxSlices = 8;

    /// <summary>Most slices: one inbox table each.</summary>
    public const int MaxInboxSlices = Schema.InboxTables;

    // Rows inserted into each table since it was last moved: never below what it holds (0: empty in every committed
    // state), which is why a failed transaction sets every active slice's count to "maybe some" (ResetInboxBookkeeping).
    // The tables past InboxSlices start at "maybe some" too (a hub with more slices may have left rows) until
    // MoveInbox empties them. Only the writer's thread inserts and moves.
    private readonly long[] _inboxRows = new long[Schema.InboxTables];
    private int _nextSlice;

    public int InboxSlices { get; }

    /// <summary>
    /// Moves every inbox row into the clustered samples table (a seq already there is skipped: never recorded twice)
    /// and empties the inbox, in the caller's transaction. In bulk each runner's rows of the last seconds land on its
    /// page together: one page write per runner per move instead of one per sample.
    /// </summary>
    public void MoveInbox(DbConnection connection, DbTransaction transaction)
    {
        // Every table, not only the first InboxSlices: a hub that ran with more slices may have left rows in the others.
        for (var table = 0; table < Schema.InboxTables; table++)
        {
            MoveTable(connection, transaction, table);
        }

        CountMove(whole: true);
    }

    /// <summary>
    /// Moves the next slice that holds rows (round robin) into the samples table and empties its table, in the caller's
    /// transaction; true when the inbox is empty afterwards.
    /// </summary>
    public bool MoveInboxSlice(DbConnection connection, DbTransaction transaction)
    {
        // Each call is a step of the cycle, a slice moved or not (an empty one is as good as moved).
        CountMove(whole: false);
        for (var i = 0; i < InboxSlices; i++)
        {
            var slice = (_nextSlice + i) % InboxSlices;
            if (_inboxRows[slice] != 0)
            {
                MoveTable(connection, transaction, slice);
                _nextSlice = (slice + 1) % InboxSlices;
                break;
            }
        }

        return Array.TrueForAll(_inboxRows, static rows => rows == 0);
    }

    /// <summary>
    /// After a failed transaction (which may have carried inserts or a move): every active slice may hold rows. Only
    /// those: nothing inserts into the others, and a slice move never visits them to set their count back to 0.
    /// </summary>
    public void ResetInboxBookkeeping() => Array.Fill(_inboxRows, 1, 0, InboxSlices);

    private void MoveTable(DbConnection connection, DbTransaction transaction, int table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        // The DELETE without a WHERE drops the table's pages at once instead of deleting row by row.
        cmd.CommandText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"""
            INSERT OR IGNORE INTO samples ({InboxColumns})
                SELECT {InboxColumns} FROM samples_inbox_{table} ORDER BY session_id, runner_id, seq;
            DELETE FROM samples_inbox_{table};
            """);
        cmd.ExecuteNonQuery();
        _inboxRows[table] = 0;
    }

    // The runners the writer inserted for lately, in key order (session_id, runner_id), and their slices: slices are
    // contiguous ranges of that order, so a slice's runners are neighbours in the samples table and its indexes, and a
    // page they share is written by one move, not by one move per slice (with runners hashed to slices, 8 slices wrote
    // 2.3 times the WAL bytes per sample of one). Only the writer's thread inserts and moves.
    private readonly List<Slot> _runnersInKeyOrder = [];
    private readonly Dictionary<string, Dictionary<string, Slot>> _slotOf = new(StringComparer.Ordinal);
    private int _rebalanceAt;

    /// <summary>
    /// How long a runner must have inserted nothing before a cycle's end drops it from the layout. A cycle alone is
    /// not enough: with every transaction moving a slice it lasts InboxSlices commits (80 ms), and a runner publishing
    /// every 250 ms would be dropped, added back and laid out again every cycle, its slice no longer contiguous.
    /// </summary>
    public static readonly TimeSpan RunnerIdleBeforePrune = TimeSpan.FromSeconds(10);

    // Full cycles of moves so far (a cycle: InboxSlices slice moves, or one move of the whole inbox); a runner is stamped
    // with the cycle it last inserted in and when that cycle started (the clock is read once per cycle, at its start).
    private readonly TimeProvider _time;
    private long _cycle;
    private long _cycleStartedAt;
    private int _slicesThisCycle;

    /// <summary>
    /// The slice of a runner: its rank in key order over the runners inserted for lately, in <see cref="InboxSlices"/>
    /// equal ranges. A new runner takes the slice of its rank; the ranges are laid out again each time the runners grew
    /// by an eighth, and after each full cycle of moves that dropped runners not seen during it nor for
    /// <see cref="RunnerIdleBeforePrune"/> (a runner whose slice
    /// changes leaves its rows in the old table, moved with that slice: still in one place each). Only the runners of
    /// lately: laid out over every runner ever seen, a long-running hub put a new session's runners (a narrow range among
    /// thousands of gone ones) into one or two slices, and each of their moves was nearly the whole inbox again.
    /// </summary>
    private int SliceOf(string sessionId, string runnerId)
    {
        if (InboxSlices == 1)
        {
            return 0;
        }

        if (_slotOf.TryGetValue(sessionId, out var runners) && runners.TryGetValue(runnerId, out var known))
        {
            known.Seen = _cycle;
            known.SeenAt = _cycleStartedAt;
            return known.Slice;
        }

        var slot = new Slot(sessionId, runnerId) { Seen = _cycle, SeenAt = _cycleStartedAt };
        var at = _runnersInKeyOrder.BinarySearch(slot, KeyOrder.Instance);
        at = at < 0 ? ~at : at;
        _runnersInKeyOrder.Insert(at, slot);
        if (runners is null)
        {
            _slotOf[sessionId] = runners = new Dictionary<string, Slot>(StringComparer.Ordinal);
        }

        runners[runnerId] = slot;
        var count = _runnersInKeyOrder.Count;
        if (count >= _rebalanceAt)
        {
            LayOutSlices();
        }
        else
        {
            slot.Slice = (int)((long)at * InboxSlices / count);
        }

        return slot.Slice;
    }

    /// <summary>One more slice move (or, <paramref name="whole"/>, a move of every table); a full cycle prunes the runners.</summary>
    private void CountMove(bool whole)
    {
        if (!whole && ++_slicesThisCycle < InboxSlices)
        {
            return;
        }

        _slicesThisCycle = 0;
        var now = _time.GetTimestamp();
        // The runners that inserted nothing during the cycle ending nor for RunnerIdleBeforePrune (give or take the
        // cycle they last inserted in); their rows, if any, are moved with their tables.
        var gone = _runnersInKeyOrder.RemoveAll(slot =>
        {
            if (slot.Seen >= _cycle || _time.GetElapsedTime(slot.SeenAt, now) < RunnerIdleBeforePrune)
            {
                return false;
            }

            var runners = _slotOf[slot.Session];
            runners.Remove(slot.Runner);
            if (runners.Count == 0)
            {
                _slotOf.Remove(slot.Session);
            }

            return true;
        });
        _cycle++;
        _cycleStartedAt = now;
        if (gone > 0)
        {
            LayOutSlices();
        }
    }

    /// <summary>Lays the slices out again: <see cref="InboxSlices"/> equal ranges of the runners in key order.</summary>
    private void LayOutSlices()
    {
        var count = _runnersInKeyOrder.Count;
        _rebalanceAt = count + Math.Max(1, count / 8);
        for (var i = 0; i < count; i++)
        {
            _runnersInKeyOrder[i].Slice = (int)((long)i * InboxSlices / count);
        }
    }

    /// <summary>A runner the writer inserted for lately: its slice, the cycle of moves it last inserted in and that cycle's start.</summary>
    private sealed class Slot(string session, string runner)
    {
        public string Session { get; } = session;

        public string Runner { get; } = runner;

        public int Slice { get; set; }

        public long Seen { get; set; }

        public long SeenAt { get; set; }
    }

    /// <summary>Ordinal (session_id, runner_id): SQLite's BINARY order for the ids the hub makes.</summary>
    private sealed class KeyOrder : IComparer<Slot>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(Slot? x, Slot? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var session = string.CompareOrdinal(x.Session, y.Session);
            return session != 0 ? session : string.CompareOrdinal(x.Runner, y.Runner);
        }
    }
}
