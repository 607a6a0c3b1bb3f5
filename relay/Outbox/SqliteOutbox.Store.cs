using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MindMuscle.Live.Relay.Outbox;

/// <summary>Opening the store: its schema, and the counters and identities read back from it.</summary>
internal sealed partial class SqliteOutbox
{
    /// <summary>Opens (or creates) the outbox of a data folder.</summary>
    public static SqliteOutbox Open(string dataDirectory, OutboxOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        try
        {
            Execute(db, "PRAGMA journal_mode=WAL;");
            Execute(db, options.SynchronousFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            Execute(db, "PRAGMA busy_timeout=5000;");
            Execute(db, """
                CREATE TABLE IF NOT EXISTS runner (
                    idx INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    next_seq INTEGER NOT NULL,
                    acked_seq INTEGER NOT NULL,
                    refused INTEGER NOT NULL DEFAULT 0,
                    hub_url TEXT, join_code TEXT, session_id TEXT, runner_id TEXT, rejoin_secret TEXT,
                    token TEXT, token_expires_at INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS sample (
                    idx INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    observed_at INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (idx, seq)) WITHOUT ROWID;
                """);
            Execute(db, DeadLetterSchema);
            var outbox = new SqliteOutbox(db, options, logger);
            outbox.LoadCounters();
            return outbox;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private void LoadCounters()
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = """
            SELECT r.idx, r.next_seq, r.acked_seq, r.refused,
                   (SELECT COUNT(*) FROM sample s WHERE s.idx = r.idx),
                   (SELECT COALESCE(SUM(length(payload)), 0) FROM sample s WHERE s.idx = r.idx),
                   (SELECT MAX(seq) FROM sample s WHERE s.idx = r.idx)
            FROM runner r
            """;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var index = reader.GetInt32(0);
            var next = reader.GetInt64(1);
            var maxStored = reader.IsDBNull(6) ? 0 : reader.GetInt64(6);
            // Defensive: next_seq and the rows are written in one transaction, so this only fires on a foreign edit.
            next = Math.Max(next, maxStored + 1);
            var counters = new OutboxCounters
            {
                NextSeq = next,
                AckedSeq = reader.GetInt64(2),
                Refused = reader.GetInt64(3),
                Pending = reader.GetInt64(4),
                PendingBytes = reader.GetInt64(5),
            };
            _runners[index] = counters;
            _pendingBytes += counters.PendingBytes;
            LogOpened(_logger, index, counters.Pending, counters.NextSeq - 1, counters.AckedSeq);
        }

        reader.Close();
        LoadDeadSeqs();
    }

    private RunnerIdentity? ReadIdentity(int runnerIndex)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = """
            SELECT name, hub_url, join_code, session_id, runner_id, rejoin_secret, token, token_expires_at
            FROM runner WHERE idx = $idx
            """;
        cmd.Parameters.AddWithValue("$idx", runnerIndex);
        using var reader = cmd.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new RunnerIdentity
        {
            Index = runnerIndex,
            Name = reader.GetString(0),
            HubUrl = reader.IsDBNull(1) ? null : reader.GetString(1),
            JoinCode = reader.IsDBNull(2) ? null : reader.GetString(2),
            SessionId = reader.IsDBNull(3) ? null : reader.GetString(3),
            RunnerId = reader.IsDBNull(4) ? null : reader.GetString(4),
            RejoinSecret = reader.IsDBNull(5) ? null : reader.GetString(5),
            Token = reader.IsDBNull(6) ? null : reader.GetString(6),
            TokenExpiresAt = reader.GetInt64(7),
        };
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
