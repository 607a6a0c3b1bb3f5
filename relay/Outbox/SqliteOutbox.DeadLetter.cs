using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>Dead letters: readings the hub refused for good, moved out of the pending samples so later ones flow.</summary>
internal sealed partial class SqliteOutbox
{
    // SQLITE_CORRUPT and SQLITE_NOTADB (https://sqlite.org/rescode.html).
    private const int Corrupt = 11;
    private const int NotADatabase = 26;

    // session_id and runner_id tell one session's dead letters from an earlier session's in the same runner slot.
    private const string DeadLetterSchema = """
        CREATE TABLE IF NOT EXISTS dead_letter (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idx INTEGER NOT NULL,
            session_id TEXT,
            runner_id TEXT,
            seq INTEGER NOT NULL,
            observed_at INTEGER NOT NULL,
            payload BLOB NOT NULL,
            reason TEXT NOT NULL,
            refused_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS dead_letter_by_runner ON dead_letter (idx, seq);
        """;

    public int DeadLetter(int runnerIndex, IReadOnlyCollection<long> seqs, string reason, long refusedAtUnixMs)
    {
        ArgumentNullException.ThrowIfNull(seqs);
        ArgumentNullException.ThrowIfNull(reason);
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                var counters = GetCounters(runnerIndex);
                using var tx = _db.BeginTransaction();
                using var size = _db.CreateCommand();
                size.Transaction = tx;
                size.CommandText = "SELECT length(payload) FROM sample WHERE idx = $idx AND seq = $seq";
                var sIdx = size.Parameters.Add("$idx", SqliteType.Integer);
                var sSeq = size.Parameters.Add("$seq", SqliteType.Integer);
                using var move = _db.CreateCommand();
                move.Transaction = tx;
                move.CommandText = """
                    INSERT INTO dead_letter (idx, session_id, runner_id, seq, observed_at, payload, reason, refused_at)
                    SELECT s.idx, r.session_id, r.runner_id, s.seq, s.observed_at, s.payload, $reason, $at
                    FROM sample s JOIN runner r ON r.idx = s.idx WHERE s.idx = $idx AND s.seq = $seq;
                    DELETE FROM sample WHERE idx = $idx AND seq = $seq;
                    """;
                var mIdx = move.Parameters.Add("$idx", SqliteType.Integer);
                var mSeq = move.Parameters.Add("$seq", SqliteType.Integer);
                move.Parameters.AddWithValue("$reason", reason);
                move.Parameters.AddWithValue("$at", refusedAtUnixMs);
                var moved = new List<long>();
                long bytes = 0;
                foreach (var seq in seqs)
                {
                    sIdx.Value = mIdx.Value = runnerIndex;
                    sSeq.Value = mSeq.Value = seq;
                    if (size.ExecuteScalar() is not long length)
                    {
                        // Already trimmed (the hub holds it after all) or already a dead letter.
                        continue;
                    }

                    move.ExecuteNonQuery();
                    moved.Add(seq);
                    bytes += length;
                }

                tx.Commit();
                counters.Pending -= moved.Count;
                counters.PendingBytes -= bytes;
                _pendingBytes -= bytes;
                counters.DeadSeqs.UnionWith(moved);
                if (moved.Count > 0)
                {
                    counters.LastDeadLetterReason = reason;
                }

                return moved.Count;
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    public bool IsDeadLettered(int runnerIndex, long seq)
    {
        lock (_gate)
        {
            return _runners.TryGetValue(runnerIndex, out var c) && c.DeadSeqs.Contains(seq);
        }
    }

    public bool AllDeadLettered(int runnerIndex, long from, long to)
    {
        if (to < from)
        {
            return true;
        }

        lock (_gate)
        {
            return _runners.TryGetValue(runnerIndex, out var c) && c.DeadSeqs.GetViewBetween(from, to).Count == to - from + 1;
        }
    }

    public IReadOnlyList<DeadLetter> ReadDeadLetters()
    {
        try
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return ReadLetters(_db, _db.DataSource);
            }
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    /// <summary>
    /// The dead letters of a data folder's outbox, read through a read-only connection: no schema, journal or counter
    /// work, so it can run beside a live relay (WAL: it reads the last commit) or on an outbox from before dead letters.
    /// </summary>
    public static IReadOnlyList<DeadLetter> ListDeadLetters(string dataDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5,
            }.ToString());
            db.Open();
            using var tables = db.CreateCommand();
            tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('runner', 'sample', 'dead_letter')";
            var found = new HashSet<string>(StringComparer.Ordinal);
            using (var reader = tables.ExecuteReader())
            {
                while (reader.Read())
                {
                    found.Add(reader.GetString(0));
                }
            }

            if (!found.Contains("runner") || !found.Contains("sample"))
            {
                throw new OutboxUnreadableException(path, "it is an SQLite database without the outbox's runner and sample tables (another program's file?)");
            }

            return found.Contains("dead_letter") ? ReadLetters(db, path) : [];
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is NotADatabase or Corrupt)
        {
            throw new OutboxUnreadableException(path, $"SQLite says \"{ex.Message}\"", ex);
        }
        catch (SqliteException ex)
        {
            throw new OutboxException(ex);
        }
    }

    private static List<DeadLetter> ReadLetters(SqliteConnection db, string path)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT idx, session_id, runner_id, seq, observed_at, payload, reason, refused_at, id FROM dead_letter ORDER BY id";
        SqliteDataReader reader;
        try
        {
            reader = cmd.ExecuteReader();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR here: a dead_letter table without the relay's columns.
            throw new OutboxUnreadableException(path, $"its dead_letter table is not the relay's ({ex.Message})", ex);
        }

        using (reader)
        {
            var letters = new List<DeadLetter>();
            while (reader.Read())
            {
                try
                {
                    letters.Add(new DeadLetter
                    {
                        RunnerIndex = reader.GetInt32(0),
                        SessionId = reader.IsDBNull(1) ? null : reader.GetString(1),
                        RunnerId = reader.IsDBNull(2) ? null : reader.GetString(2),
                        Seq = reader.GetInt64(3),
                        ObservedAt = reader.GetInt64(4),
                        Sample = System.Text.Json.Nodes.JsonNode.Parse((byte[])reader.GetValue(5)),
                        Reason = reader.GetString(6),
                        RefusedAt = reader.GetInt64(7),
                    });
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidCastException or FormatException)
                {
                    throw new OutboxUnreadableException(path, $"dead letter {reader.GetValue(8)} is damaged ({ex.Message})", ex);
                }
            }

            return letters;
        }
    }

    /// <summary>Each runner's dead letters of its current session (the ones its acks must step over).</summary>
    private void LoadDeadSeqs()
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = """
            SELECT d.idx, d.seq, d.reason FROM dead_letter d JOIN runner r ON r.idx = d.idx
            WHERE d.session_id IS r.session_id AND d.runner_id IS r.runner_id ORDER BY d.id
            """;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            if (_runners.TryGetValue(reader.GetInt32(0), out var counters))
            {
                counters.DeadSeqs.Add(reader.GetInt64(1));
                counters.LastDeadLetterReason = reader.GetString(2);
            }
        }
    }
}
