using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>
/// The inbox in slices of runners. Each runner's samples take rowids in its slice's own range of the inbox (slice k:
/// from <c>k &lt;&lt; 56</c>), so a slice is a rowid range: one transaction copies it into the clustered samples table
/// and deletes it, with no index and without reading the other slices' rows, and every committed state of the file
/// holds each sample exactly once (in <c>samples</c> or in <c>samples_inbox</c>). A move's cost is mostly the page of
/// every runner it touches; a slice touches only its share of the runners, so moving one slice at a time keeps each
/// runner's rows per move (and so the page writes per sample) what one move of the whole inbox had, while no single
/// transaction holds the writes queued behind it for the whole move.
/// </summary>
internal sealed partial class SqliteRecordingDatabase
{
    /// <summary>Slices the inbox is split into unless told otherwise (<see cref="HubOptions.RecorderInboxSlices"/>).</summary>
    public const int DefaultInboxSlices = 8;

    /// <summary>Most slices: each has a rowid range of 2^56, so that 64 stay below SQLite's largest rowid (2^63 - 1).</summary>
    public const int MaxInboxSlices = 64;

    private const int SliceShift = 56;

    // Rows inserted into each slice since it was last moved: never below what it holds (0: empty in every committed
    // state), which is why a failed transaction sets every count to "maybe some" (ResetInboxBookkeeping).
    private readonly long[] _inboxRows;

    // The next rowid of each slice; null: read from the file at the next insert. Only the writer's thread inserts.
    private long[]? _nextRowids;
    private int _nextSlice;

    public int InboxSlices { get; }

    /// <summary>
    /// Moves every inbox row into the clustered samples table (a seq already there is skipped: never recorded twice)
    /// and empties the inbox, in the caller's transaction. In bulk each runner's rows of the last seconds land on its
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
        Array.Clear(_inboxRows);
    }

    /// <summary>
    /// Moves the next slice that holds rows (round robin) into the samples table and deletes them from the inbox, in
    /// the caller's transaction; true when the inbox is empty afterwards.
    /// </summary>
    public bool MoveInboxSlice(DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        for (var i = 0; i < InboxSlices; i++)
        {
            var slice = (_nextSlice + i) % InboxSlices;
            if (_inboxRows[slice] == 0)
            {
                continue;
            }

            using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = $"""
                INSERT OR IGNORE INTO samples ({InboxColumns})
                    SELECT {InboxColumns} FROM samples_inbox WHERE rowid >= $from AND rowid < $to ORDER BY session_id, runner_id, seq;
                DELETE FROM samples_inbox WHERE rowid >= $from AND rowid < $to;
                """;
            cmd.Parameters.Add(new SqliteParameter("$from", (long)slice << SliceShift));
            cmd.Parameters.Add(new SqliteParameter("$to", SliceEnd(slice)));
            cmd.ExecuteNonQuery();
            _inboxRows[slice] = 0;
            _nextSlice = (slice + 1) % InboxSlices;
            break;
        }

        return Array.TrueForAll(_inboxRows, static rows => rows == 0);
    }

    /// <summary>
    /// After a failed transaction (which may have carried inserts or a move): every slice may hold rows, and the next
    /// rowids are read from the file again.
    /// </summary>
    public void ResetInboxBookkeeping()
    {
        Array.Fill(_inboxRows, 1);
        _nextRowids = null;
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

    /// <summary>Reserves <paramref name="count"/> consecutive rowids at the end of <paramref name="slice"/>'s range.</summary>
    private long TakeInboxRowids(DbConnection connection, DbTransaction transaction, int slice, int count)
    {
        _nextRowids ??= ReadNextRowids(connection, transaction);
        var first = _nextRowids[slice];
        _nextRowids[slice] = first + count;
        _inboxRows[slice] += count;
        return first;
    }

    private long[] ReadNextRowids(DbConnection connection, DbTransaction transaction)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT rowid FROM samples_inbox WHERE rowid >= $from AND rowid < $to ORDER BY rowid DESC LIMIT 1";
        var from = new SqliteParameter("$from", 0L);
        var to = new SqliteParameter("$to", 0L);
        cmd.Parameters.Add(from);
        cmd.Parameters.Add(to);
        var next = new long[InboxSlices];
        for (var slice = 0; slice < InboxSlices; slice++)
        {
            from.Value = (long)slice << SliceShift;
            to.Value = SliceEnd(slice);
            // Rowid 0 stays unused, as SQLite's own numbering starts at 1.
            next[slice] = (cmd.ExecuteScalar() is long last ? last : (long)slice << SliceShift) + 1;
        }

        return next;
    }

    private static long SliceEnd(int slice) => (long)(slice + 1) << SliceShift;
}
