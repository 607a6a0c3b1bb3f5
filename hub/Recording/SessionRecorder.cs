using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The session, runner, alert and cue rows of the recording. Writes go through the recorder's one queue, so they commit
/// in order with the samples; reads open their own connection (SQLite or PostgreSQL, the same SQL).
/// </summary>
internal sealed class SessionRecorder(RecordingStore store)
{
    /// <summary>True when other hub nodes share this recording: sessions and runners may appear from elsewhere.</summary>
    public bool IsShared => store.IsShared;

    public Task InsertSessionAsync(SessionRecord record, CancellationToken cancellationToken) =>
        store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO sessions (session_id, name, join_code, created_at, ended_at, auto_cue, target_pace, alert_settings, hr_max)
                VALUES (@id, @n, @j, @c, NULL, @a, @p, @s, @h)
                """;
            cmd.AddParameter("@id", record.SessionId);
            cmd.AddParameter("@n", record.Name);
            cmd.AddParameter("@j", record.JoinCode);
            cmd.AddParameter("@c", record.CreatedAt);
            cmd.AddParameter("@a", (int)record.AutoCue);
            cmd.AddParameter("@p", record.TargetPaceSecPerKm is { } p ? p : DBNull.Value);
            cmd.AddParameter("@s", JsonSerializer.Serialize(record.Settings));
            cmd.AddParameter("@h", record.HrMaxBpm);
            cmd.ExecuteNonQuery();
        }, cancellationToken);

    public Task InsertRunnerAsync(string sessionId, string runnerId, string name, string rejoinHash, long joinedAt, CancellationToken cancellationToken) =>
        store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO runners (session_id, runner_id, name, rejoin_hash, joined_at) VALUES (@s, @r, @n, @h, @j)";
            cmd.AddParameter("@s", sessionId);
            cmd.AddParameter("@r", runnerId);
            cmd.AddParameter("@n", name);
            cmd.AddParameter("@h", rejoinHash);
            cmd.AddParameter("@j", joinedAt);
            cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>
    /// Records a seq refused for its values (the reading itself never is): a reload settles it again, so the runner's
    /// acks move past it after a restart too.
    /// </summary>
    public Task RecordRefusedSeqAsync(string sessionId, string runnerId, long seq, CancellationToken cancellationToken) =>
        store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO refused_seqs (session_id, runner_id, seq) VALUES (@s, @r, @q) ON CONFLICT DO NOTHING";
            cmd.AddParameter("@s", sessionId);
            cmd.AddParameter("@r", runnerId);
            cmd.AddParameter("@q", seq);
            cmd.ExecuteNonQuery();
        }, cancellationToken);

    public Task EndSessionAsync(string sessionId, long endedAt, CancellationToken cancellationToken) =>
        store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE sessions SET ended_at = @e WHERE session_id = @s";
            cmd.AddParameter("@e", endedAt);
            cmd.AddParameter("@s", sessionId);
            cmd.ExecuteNonQuery();
        }, cancellationToken);

    public Task SetAutoCueAsync(string sessionId, AutoCueMode mode, CancellationToken cancellationToken) =>
        store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE sessions SET auto_cue = @a WHERE session_id = @s";
            cmd.AddParameter("@a", (int)mode);
            cmd.AddParameter("@s", sessionId);
            cmd.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Records a raised or cleared alert without waiting (the live path); failures are logged by the recorder.</summary>
    public void RecordAlert(string sessionId, FormAlert alert) =>
        store.WriteInBackground((c, tx) => RecordingSql.UpsertAlert(c, tx, sessionId, alert));

    /// <summary>Queues new cues and returns their commit (delivery goes on meanwhile; the caller awaits it before answering).</summary>
    public ValueTask<Task> EnqueueCuesAsync(string sessionId, IReadOnlyList<CueUpdate> cues, CancellationToken cancellationToken) =>
        store.EnqueueAsync(cues.Count, (c, tx) =>
        {
            foreach (var cue in cues)
            {
                RecordingSql.UpsertCue(c, tx, sessionId, cue);
            }
        }, cancellationToken);

    /// <summary>Records a cue's new status without waiting (a late status never overwrites a later one).</summary>
    public void RecordCueStatus(string sessionId, CueUpdate cue) =>
        store.WriteInBackground((c, tx) => RecordingSql.UpsertCue(c, tx, sessionId, cue));

    /// <summary>Records a marker (its <see cref="SessionMarker.MarkerId"/> ignored) and returns the id it got, once committed.</summary>
    public async Task<long> InsertMarkerAsync(SessionMarker marker, CancellationToken cancellationToken)
    {
        long id = 0;
        await store.WriteAsync(1, (c, tx) => id = RecordingSql.InsertMarker(c, tx, marker), cancellationToken);
        return id;
    }

    /// <summary>Every session of the recording (start-up).</summary>
    public List<StoredSession> LoadAll()
    {
        using var connection = store.OpenRead();
        return SessionRows.Load(connection, null, null);
    }

    public StoredSession? LoadById(string sessionId) => LoadOne("session_id", sessionId);

    public StoredSession? LoadByJoinCode(string joinCode) => LoadOne("join_code", joinCode);

    public StoredRunner? LoadRunner(string sessionId, string runnerId)
    {
        using var connection = store.OpenRead();
        return SessionRows.LoadRunner(connection, sessionId, runnerId);
    }

    public List<string> SessionIds()
    {
        using var connection = store.OpenRead();
        return SessionRows.Ids(connection, "SELECT session_id FROM sessions", null);
    }

    public List<string> RunnerIds(string sessionId)
    {
        using var connection = store.OpenRead();
        return SessionRows.Ids(connection, "SELECT runner_id FROM runners WHERE session_id = @s", sessionId);
    }

    public async Task<RecordedProgress> ReadProgressAsync(string sessionId, string runnerId, CancellationToken cancellationToken)
    {
        await using var reader = await store.OpenReaderAsync(cancellationToken);
        return reader.ReadProgress(sessionId, runnerId);
    }

    private StoredSession? LoadOne(string column, string value)
    {
        using var connection = store.OpenRead();
        return SessionRows.Load(connection, column, value) is [var one, ..] ? one : null;
    }
}
