using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>The recording's tables, created from an empty file and migrated by <c>user_version</c>.</summary>
internal static class Schema
{
    public const int Version = 6;

    private const string V1 = """
        CREATE TABLE IF NOT EXISTS sessions (
            session_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            join_code TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            ended_at INTEGER NULL,
            auto_cue INTEGER NOT NULL,
            target_pace REAL NULL,
            alert_settings TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runners (
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            name TEXT NOT NULL,
            rejoin_hash TEXT NOT NULL,
            joined_at INTEGER NOT NULL,
            PRIMARY KEY (session_id, runner_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS samples (
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            observed_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            heart_rate INTEGER NULL,
            rr TEXT NULL,
            cadence REAL NULL,
            speed REAL NULL,
            stride REAL NULL,
            distance REAL NULL,
            power INTEGER NULL,
            gct REAL NULL,
            vo REAL NULL,
            balance REAL NULL,
            contact INTEGER NULL,
            battery INTEGER NULL,
            backfilled INTEGER NOT NULL,
            PRIMARY KEY (session_id, runner_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (session_id, observed_at);
        CREATE TABLE IF NOT EXISTS alerts (
            alert_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            cleared_at INTEGER NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alerts_by_time ON alerts (session_id, started_at);
        CREATE TABLE IF NOT EXISTS cues (
            cue_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            status INTEGER NOT NULL,
            status_at INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cues_by_time ON cues (session_id, issued_at);
        """;

    // The inbox's columns: the samples table's, without its key (appended in commit order, moved in bulk).
    private const string InboxColumnsDdl = """
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            observed_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            heart_rate INTEGER NULL,
            rr TEXT NULL,
            cadence REAL NULL,
            speed REAL NULL,
            stride REAL NULL,
            distance REAL NULL,
            power INTEGER NULL,
            gct REAL NULL,
            vo REAL NULL,
            balance REAL NULL,
            contact INTEGER NULL,
            battery INTEGER NULL,
            backfilled INTEGER NOT NULL
        """;

    // V2: samples are committed to an append-only inbox (rowid order: the samples of one transaction share a page or
    // two) and moved into the clustered samples table in bulk (SqliteRecordingDatabase.MoveInbox).
    private const string V2 = """
        CREATE TABLE IF NOT EXISTS samples_inbox (
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            observed_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            heart_rate INTEGER NULL,
            rr TEXT NULL,
            cadence REAL NULL,
            speed REAL NULL,
            stride REAL NULL,
            distance REAL NULL,
            power INTEGER NULL,
            gct REAL NULL,
            vo REAL NULL,
            balance REAL NULL,
            contact INTEGER NULL,
            battery INTEGER NULL,
            backfilled INTEGER NOT NULL
        );
        """;

    // V3: the coaches' markers (marker_id counts up per session) and the session's HR max. Not idempotent (ALTER):
    // runs once, on any file below version 3.
    private const string V3 = """
        ALTER TABLE sessions ADD COLUMN hr_max INTEGER NULL;
        CREATE TABLE IF NOT EXISTS markers (
            session_id TEXT NOT NULL,
            marker_id INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            runner_id TEXT NULL,
            at INTEGER NOT NULL,
            text TEXT NULL,
            PRIMARY KEY (session_id, marker_id)
        ) WITHOUT ROWID;
        """;

    // V4: review. Series read one runner's time range (samples_by_runner_time); share links are rows so that a revoked
    // one is refused by every reader of this file.
    private const string V4 = """
        CREATE INDEX IF NOT EXISTS samples_by_runner_time ON samples (session_id, runner_id, observed_at);
        CREATE TABLE IF NOT EXISTS shares (
            share_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL,
            runner_id TEXT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER NULL
        );
        CREATE INDEX IF NOT EXISTS shares_by_session ON shares (session_id, created_at);
        """;

    // V5: seqs the hub refused for their values (never recorded): settled again when a runner's progress is reloaded.
    private const string V5 = """
        CREATE TABLE IF NOT EXISTS refused_seqs (
            session_id TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (session_id, runner_id, seq)
        ) WITHOUT ROWID;
        """;

    /// <summary>The inbox's tables, one per slice of runners (<c>samples_inbox_0</c> ...); <c>samples_inbox</c> is their union.</summary>
    public const int InboxTables = 8;

    // V6: the inbox is split into tables of runners, each moved (and emptied) in a transaction of its own; the view keeps
    // the name every reader of the file knows. Idempotent; a file whose inbox is still one table has it moved and
    // dropped first (InboxTableToView).
    private static readonly string V6 = $"""
        {string.Concat(Enumerable.Range(0, InboxTables).Select(t => $"CREATE TABLE IF NOT EXISTS samples_inbox_{t} ({InboxColumnsDdl});\n"))}
        CREATE VIEW IF NOT EXISTS samples_inbox AS {string.Join(" UNION ALL ", Enumerable.Range(0, InboxTables).Select(t => $"SELECT * FROM samples_inbox_{t}"))};
        """;

    private const string InboxTableToView = $"""
        INSERT OR IGNORE INTO samples ({SqliteRecordingDatabase.InboxColumns})
            SELECT {SqliteRecordingDatabase.InboxColumns} FROM samples_inbox ORDER BY session_id, runner_id, seq;
        DROP TABLE samples_inbox;
        """;

    public static void Apply(SqliteConnection connection)
    {
        using (var pragma = connection.CreateCommand())
        {
            // WAL: readers (exports, replays, snapshots) never block the one writer. FULL: an acknowledged commit
            // survives the process and the machine.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            pragma.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current >= Version)
        {
            return;
        }

        using var tx = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = tx;
            // V1, V2, V4, V5 and V6 are idempotent, so a fresh file and a version-2 file both end at the current schema;
            // V3 runs only on a file below version 3.
            create.CommandText = (current < 3 ? V1 + V2 + V3 : "") + V4 + V5;
            create.ExecuteNonQuery();
            create.CommandText = "SELECT type FROM sqlite_master WHERE name = 'samples_inbox'";
            if (create.ExecuteScalar() is "table")
            {
                create.CommandText = InboxTableToView;
                create.ExecuteNonQuery();
            }

            create.CommandText = V6 + $"PRAGMA user_version={Version};";
            create.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
