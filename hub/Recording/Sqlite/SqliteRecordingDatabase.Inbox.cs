using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>
/// The inbox in slices of runners: a hash of its session and runner ids puts each runner's samples in one of the inbox's
/// tables (<c>samples_inbox_0</c> ...), append-only like the single inbox was. One transaction copies a table into the
/// clustered samples table and empties it, so every committed state of the file holds each sample exactly once (in
/// <c>samples</c> or in the <c>samples_inbox</c> view), and the transaction never reads nor writes the other slices' rows.
/// A move's cost is mostly the page of every runner it touches: a slice touches only its share of the runners, so
/// moving one slice at a time keeps each runner's rows per move (the page writes per sample) what one move of the
/// whole inbox had, while no transaction holds the writes queued behind it for the whole move.
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
    }

    /// <summary>
    /// Moves the next slice that holds rows (round robin) into the samples table and empties its table, in the caller's
    /// transaction; true when the inbox is empty afterwards.
    /// </summary>
    public bool MoveInboxSlice(DbConnection connection, DbTransaction transaction)
    {
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

    /// <summary>The slice of a runner: a hash of its session and runner ids, the same for every batch of the runner.</summary>
    private int SliceOf(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> runnerId)
    {
        if (InboxSlices == 1)
        {
            return 0;
        }

        // FNV-1a, then a final mix so that the low bits the modulo keeps depend on every byte.
        var hash = 2166136261u;
        foreach (var b in sessionId)
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash = (hash ^ 0xFFu) * 16777619u;
        foreach (var b in runnerId)
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash ^= hash >> 16;
        hash *= 0x85EBCA6Bu;
        hash ^= hash >> 13;
        return (int)(hash % (uint)InboxSlices);
    }
}
