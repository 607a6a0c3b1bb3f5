using System.Data.Common;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The reads of session and runner rows with what a hub keeps in memory of them (progress, latest values, open alerts,
/// cues); samples are read from the samples table and the recorder's inbox in one statement (<see cref="SampleTables"/>).
/// </summary>
internal static class SessionRows
{
    /// <summary>
    /// Sessions with their runners, recorded progress, latest values, open alerts and cues: all of them
    /// (<paramref name="column"/> null), or those whose <paramref name="column"/> (session_id or join_code) is <paramref name="value"/>.
    /// </summary>
    public static List<StoredSession> Load(DbConnection connection, string? column, string? value)
    {
        var found = new Dictionary<string, Builder>(StringComparer.Ordinal);
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, name, join_code, created_at, ended_at, auto_cue, target_pace, alert_settings, hr_max FROM sessions"
                + (column is null ? "" : $" WHERE {column} = @v");
            if (column is not null)
            {
                cmd.AddParameter("@v", value);
            }

            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var record = new SessionRecord(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
                    (AutoCueMode)r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                    JsonSerializer.Deserialize<AlertSettings>(r.GetString(7)) ?? AlertSettings.Default,
                    r.IsDBNull(8) ? SessionRecord.DefaultHrMaxBpm : r.GetInt32(8));
                found[record.SessionId] = new Builder(record);
            }
        }

        if (found.Count == 0)
        {
            return [];
        }

        // One session: filter every query by it; all sessions (start-up): read each table once.
        var one = column is null ? null : found.Keys.First();
        string Where() => one is null ? "" : " WHERE session_id = @id";
        void Bind(DbCommand cmd)
        {
            if (one is not null)
            {
                cmd.AddParameter("@id", one);
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, runner_id, name, rejoin_hash FROM runners" + Where();
            Bind(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (found.TryGetValue(r.GetString(0), out var session))
                {
                    session.Runners[r.GetString(1)] = new StoredRunner(r.GetString(1), r.GetString(2), r.GetString(3), RecordedProgress.None, null);
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            var tables = SampleTables.Of(connection);
            cmd.CommandText = tables is [var only]
                ? $"SELECT session_id, runner_id, MIN(seq), MAX(seq), COUNT(*) FROM {only}" + Where() + " GROUP BY session_id, runner_id"
                : "SELECT session_id, runner_id, MIN(lo), MAX(hi), SUM(n) FROM ("
                    + SampleTables.UnionAll(tables, t => $"SELECT session_id, runner_id, MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM {t}" + Where() + " GROUP BY session_id, runner_id")
                    + ") AS u GROUP BY session_id, runner_id";
            Bind(cmd);
            var progress = new List<(Builder Session, StoredRunner Runner, long Min, long Max, long Count)>();
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    if (found.TryGetValue(r.GetString(0), out var session) && session.Runners.TryGetValue(r.GetString(1), out var runner))
                    {
                        progress.Add((session, runner, r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
                    }
                }
            }

            foreach (var (session, runner, min, max, count) in progress)
            {
                var sessionId = session.Record.SessionId;
                session.Runners[runner.RunnerId] = runner with
                {
                    Progress = Progress(connection, sessionId, runner.RunnerId, min, max, count),
                    Latest = LoadLatest(connection, sessionId, runner.RunnerId),
                };
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT a.session_id, a.body FROM alerts a JOIN sessions s ON s.session_id = a.session_id WHERE a.cleared_at IS NULL AND s.ended_at IS NULL"
                + (one is null ? "" : " AND a.session_id = @id");
            Bind(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (found.TryGetValue(r.GetString(0), out var session) && JsonSerializer.Deserialize<FormAlert>(r.GetString(1)) is { } alert)
                {
                    session.OpenAlerts.Add(alert);
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT c.session_id, c.body FROM cues c JOIN sessions s ON s.session_id = c.session_id WHERE s.ended_at IS NULL"
                + (one is null ? "" : " AND c.session_id = @id");
            Bind(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (found.TryGetValue(r.GetString(0), out var session) && JsonSerializer.Deserialize<CueUpdate>(r.GetString(1)) is { } cue)
                {
                    session.Cues.Add(cue);
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT {RecordingSql.MarkerColumns} FROM markers" + Where();
            Bind(cmd);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (found.TryGetValue(r.GetString(0), out var session))
                {
                    session.Markers.Add(RecordingSql.ReadMarker(r));
                }
            }
        }

        return [.. found.Values.Select(b => new StoredSession(b.Record, [.. b.Runners.Values], b.OpenAlerts, b.Cues, b.Markers))];
    }

    /// <summary>One runner's row with its progress and newest sample, or null when the recording has no such runner.</summary>
    public static StoredRunner? LoadRunner(DbConnection connection, string sessionId, string runnerId)
    {
        StoredRunner? loaded = null;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name, rejoin_hash FROM runners WHERE session_id = @s AND runner_id = @r";
            cmd.AddParameter("@s", sessionId);
            cmd.AddParameter("@r", runnerId);
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                loaded = new StoredRunner(runnerId, r.GetString(0), r.GetString(1), RecordedProgress.None, null);
            }
        }

        if (loaded is null)
        {
            return null;
        }

        var progress = RunnerProgress(connection, sessionId, runnerId);
        return loaded with { Progress = progress, Latest = progress.Count == 0 ? null : LoadLatest(connection, sessionId, runnerId) };
    }

    /// <summary>A runner's recorded progress (<see cref="RecordedProgress.None"/> when it has no sample).</summary>
    public static RecordedProgress RunnerProgress(DbConnection connection, string sessionId, string runnerId)
    {
        using var cmd = connection.CreateCommand();
        var tables = SampleTables.Of(connection);
        cmd.CommandText = tables is [var only]
            ? $"SELECT MIN(seq), MAX(seq), COUNT(*) FROM {only} WHERE session_id = @s AND runner_id = @r"
            : "SELECT MIN(lo), MAX(hi), SUM(n) FROM ("
                + SampleTables.UnionAll(tables, t => $"SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM {t} WHERE session_id = @s AND runner_id = @r")
                + ") AS u";
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        long min = 0, max = 0, count = 0;
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read() && !r.IsDBNull(0))
            {
                (min, max, count) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }
        }

        return Progress(connection, sessionId, runnerId, min, max, count);
    }

    public static List<string> Ids(DbConnection connection, string sql, string? sessionId)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (sessionId is not null)
        {
            cmd.AddParameter("@s", sessionId);
        }

        var ids = new List<string>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// The progress of a runner with <paramref name="count"/> samples between <paramref name="min"/> and
    /// <paramref name="max"/>; a seq refused for its values counts as settled, as it did before the reload.
    /// </summary>
    private static RecordedProgress Progress(DbConnection connection, string sessionId, string runnerId, long min, long max, long count)
    {
        var refused = Seqs(connection, "SELECT seq FROM refused_seqs WHERE session_id = @s AND runner_id = @r ORDER BY seq", sessionId, runnerId);
        if (refused.Count == 0)
        {
            return count == 0 ? RecordedProgress.None
                : min == 1 && count == max ? new RecordedProgress(max, [], count)
                : Settled(Seqs(connection, RecordedSeqsSql(connection), sessionId, runnerId), count);
        }

        var settled = new SortedSet<long>(refused);
        settled.UnionWith(Seqs(connection, RecordedSeqsSql(connection), sessionId, runnerId));
        return Settled(settled, count);
    }

    private static string RecordedSeqsSql(DbConnection connection) =>
        SampleTables.UnionAll(SampleTables.Of(connection), t => $"SELECT seq FROM {t} WHERE session_id = @s AND runner_id = @r") + " ORDER BY seq";

    // Rare: a relay sent samples above a gap, or the hub refused a seq. Walk the settled seqs (ascending) to find the
    // contiguous prefix and the rest.
    private static RecordedProgress Settled(IEnumerable<long> seqs, long count)
    {
        var upTo = 0L;
        var above = new List<long>();
        foreach (var seq in seqs)
        {
            if (seq == upTo + 1 && above.Count == 0)
            {
                upTo = seq;
            }
            else
            {
                above.Add(seq);
            }
        }

        return new RecordedProgress(upTo, above, count);
    }

    private static List<long> Seqs(DbConnection connection, string sql, string sessionId, string runnerId)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        using var r = cmd.ExecuteReader();
        var seqs = new List<long>();
        while (r.Read())
        {
            seqs.Add(r.GetInt64(0));
        }

        return seqs;
    }

    private static MetricSample? LoadLatest(DbConnection connection, string sessionId, string runnerId)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = SampleTables.UnionAll(SampleTables.Of(connection), t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s AND runner_id = @r")
            + " ORDER BY seq DESC LIMIT 1";
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? RecordingSql.ReadSample(r) : null;
    }

    private sealed class Builder(SessionRecord record)
    {
        public SessionRecord Record { get; } = record;

        public Dictionary<string, StoredRunner> Runners { get; } = new(StringComparer.Ordinal);

        public List<FormAlert> OpenAlerts { get; } = [];

        public List<CueUpdate> Cues { get; } = [];

        public List<SessionMarker> Markers { get; } = [];
    }
}
