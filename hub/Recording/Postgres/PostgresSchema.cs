using Npgsql;

namespace MindMuscle.Live.Hub.Recording.Postgres;

/// <summary>
/// The recording's tables in PostgreSQL: the SQLite schema's columns and keys with PostgreSQL types. Ids sort with the
/// "C" collation (byte order), as SQLite's BINARY does, so replay and export order is the same on both stores.
/// </summary>
internal static class PostgresSchema
{
    public const int Version = 4;

    /// <summary>Any constant: the advisory lock two nodes starting at once serialise their migration on.</summary>
    private const long MigrationLock = 0x4D4D4C_5245434FL;

    private const string V1 = """
        CREATE TABLE IF NOT EXISTS sessions (
            session_id TEXT COLLATE "C" PRIMARY KEY,
            name TEXT NOT NULL,
            join_code TEXT COLLATE "C" NOT NULL UNIQUE,
            created_at BIGINT NOT NULL,
            ended_at BIGINT NULL,
            auto_cue INTEGER NOT NULL,
            target_pace DOUBLE PRECISION NULL,
            alert_settings TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runners (
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NOT NULL,
            name TEXT NOT NULL,
            rejoin_hash TEXT NOT NULL,
            joined_at BIGINT NOT NULL,
            PRIMARY KEY (session_id, runner_id)
        );
        CREATE TABLE IF NOT EXISTS samples (
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NOT NULL,
            seq BIGINT NOT NULL,
            observed_at BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            heart_rate INTEGER NULL,
            rr TEXT NULL,
            cadence DOUBLE PRECISION NULL,
            speed DOUBLE PRECISION NULL,
            stride DOUBLE PRECISION NULL,
            distance DOUBLE PRECISION NULL,
            power INTEGER NULL,
            gct DOUBLE PRECISION NULL,
            vo DOUBLE PRECISION NULL,
            balance DOUBLE PRECISION NULL,
            contact BIGINT NULL,
            battery INTEGER NULL,
            backfilled BIGINT NOT NULL,
            PRIMARY KEY (session_id, runner_id, seq)
        );
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (session_id, observed_at, runner_id, seq);
        CREATE TABLE IF NOT EXISTS alerts (
            alert_id TEXT COLLATE "C" PRIMARY KEY,
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NOT NULL,
            started_at BIGINT NOT NULL,
            cleared_at BIGINT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS alerts_by_time ON alerts (session_id, started_at);
        CREATE TABLE IF NOT EXISTS cues (
            cue_id TEXT COLLATE "C" PRIMARY KEY,
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NOT NULL,
            issued_at BIGINT NOT NULL,
            status INTEGER NOT NULL,
            status_at BIGINT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cues_by_time ON cues (session_id, issued_at);
        """;

    // V2: the coaches' markers (marker_id counts up per session) and the session's HR max.
    private const string V2 = """
        ALTER TABLE sessions ADD COLUMN IF NOT EXISTS hr_max INTEGER NULL;
        CREATE TABLE IF NOT EXISTS markers (
            session_id TEXT COLLATE "C" NOT NULL,
            marker_id BIGINT NOT NULL,
            kind INTEGER NOT NULL,
            runner_id TEXT COLLATE "C" NULL,
            at BIGINT NOT NULL,
            text TEXT NULL,
            PRIMARY KEY (session_id, marker_id)
        );
        """;

    // V3: review. Series read one runner's time range (samples_by_runner_time); share links are rows so that a revoked
    // one is refused by every node.
    private const string V3 = """
        CREATE INDEX IF NOT EXISTS samples_by_runner_time ON samples (session_id, runner_id, observed_at);
        CREATE TABLE IF NOT EXISTS shares (
            share_id TEXT COLLATE "C" PRIMARY KEY,
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT NULL
        );
        CREATE INDEX IF NOT EXISTS shares_by_session ON shares (session_id, created_at);
        """;

    // V4: seqs the hub refused for their values (never recorded): settled again when a runner's progress is reloaded.
    private const string V4 = """
        CREATE TABLE IF NOT EXISTS refused_seqs (
            session_id TEXT COLLATE "C" NOT NULL,
            runner_id TEXT COLLATE "C" NOT NULL,
            seq BIGINT NOT NULL,
            PRIMARY KEY (session_id, runner_id, seq)
        );
        """;

    public static void Apply(NpgsqlConnection connection)
    {
        using var tx = connection.BeginTransaction();
        using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLock}); CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", connection, tx))
        {
            cmd.ExecuteNonQuery();
        }

        int current;
        using (var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, tx))
        {
            current = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current < Version)
        {
            using var cmd = new NpgsqlCommand(V1 + V2 + V3 + V4 + $"DELETE FROM schema_version; INSERT INTO schema_version VALUES ({Version});", connection, tx);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }
}
