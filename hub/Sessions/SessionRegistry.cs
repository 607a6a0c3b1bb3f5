using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>
/// Every session of the recording, held in memory (metadata and per-runner progress, not samples), loaded from the
/// database at start so a restarted hub continues each runner's seq exactly where the recording ends.
/// </summary>
public sealed partial class SessionRegistry
{
    /// <summary>No look-alikes (0/O, 1/I/L): codes are read out loud at the track and typed on phones.</summary>
    private const string JoinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int JoinCodeLength = 8;

    private readonly ConcurrentDictionary<string, LiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LiveSession> _byJoinCode = new(StringComparer.Ordinal);
    private readonly RecordingStore _store;
    private readonly IAlertEngineFactory _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionRegistry> _logger;

    private readonly ISessionBus _bus;

    public SessionRegistry(
        RecordingStore store, IAlertEngineFactory alerts, ISessionBus bus, TimeProvider time, ILogger<SessionRegistry> logger)
    {
        _store = store;
        _bus = bus;
        _alerts = alerts;
        _time = time;
        _logger = logger;
        Load();
    }

    public IEnumerable<LiveSession> Sessions => _sessions.Values;

    /// <summary>A session from memory or, with a shared store (scale-out), read through from it.</summary>
    public LiveSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId) ?? ReadThrough("session_id", sessionId);

    /// <summary>A session this node holds in memory (no store access): traffic from the bus is only for those.</summary>
    internal LiveSession? FindInMemory(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public LiveSession? FindByJoinCode(string joinCode)
    {
        var code = NormalizeJoinCode(joinCode);
        return _byJoinCode.GetValueOrDefault(code) is { } known ? known
            : ReadThrough("join_code", code) is { Ended: false } loaded ? loaded : null;
    }

    internal static string NormalizeJoinCode(string code) =>
        new(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());

    public async Task<LiveSession> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.AlertSettings ?? AlertSettings.Default;
        if (request.TargetPaceSecPerKm is { } pace && settings.TargetPaceSecPerKm is null)
        {
            settings = settings with { TargetPaceSecPerKm = pace };
        }

        var record = new SessionRecord(
            NewId(8), request.Name.Trim(), NewJoinCode(), _time.GetUtcNow().ToUnixTimeMilliseconds(), null,
            request.AutoCue, request.TargetPaceSecPerKm, settings);
        await _store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO sessions (session_id, name, join_code, created_at, ended_at, auto_cue, target_pace, alert_settings)
                VALUES (@id, @n, @j, @c, NULL, @a, @p, @s)
                """;
            cmd.AddParameter("@id", record.SessionId);
            cmd.AddParameter("@n", record.Name);
            cmd.AddParameter("@j", record.JoinCode);
            cmd.AddParameter("@c", record.CreatedAt);
            cmd.AddParameter("@a", (int)record.AutoCue);
            cmd.AddParameter("@p", record.TargetPaceSecPerKm is { } p ? p : DBNull.Value);
            cmd.AddParameter("@s", JsonSerializer.Serialize(record.Settings));
            cmd.ExecuteNonQuery();
        }, cancellationToken);

        var session = new LiveSession(record, _alerts.Create(record.SessionId, record.Settings)) { Bus = _bus };
        _sessions[record.SessionId] = session;
        _byJoinCode[record.JoinCode] = session;
        LogCreated(_logger, record.SessionId, record.Name);
        return session;
    }

    /// <summary>A new runner: returns it with the rejoin secret (shown once, only its hash is stored).</summary>
    public async Task<(LiveRunner Runner, string RejoinSecret)> AddRunnerAsync(LiveSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var runner = new LiveRunner("r-" + NewId(6), name.Trim(), Hash(secret));
        var joinedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO runners (session_id, runner_id, name, rejoin_hash, joined_at) VALUES (@s, @r, @n, @h, @j)";
            cmd.AddParameter("@s", session.SessionId);
            cmd.AddParameter("@r", runner.RunnerId);
            cmd.AddParameter("@n", runner.Name);
            cmd.AddParameter("@h", runner.RejoinHash);
            cmd.AddParameter("@j", joinedAt);
            cmd.ExecuteNonQuery();
        }, cancellationToken);
        session.Runners[runner.RunnerId] = runner;
        LogJoined(_logger, session.SessionId, runner.RunnerId);
        return (runner, secret);
    }

    /// <summary>True when <paramref name="secret"/> is the rejoin secret of <paramref name="runner"/> (constant time).</summary>
    public static bool VerifyRejoinSecret(LiveRunner runner, string? secret) =>
        runner is not null && secret is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(runner.RejoinHash));

    public async Task EndAsync(LiveSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Ended)
        {
            return;
        }

        var endedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _store.WriteAsync(1, (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE sessions SET ended_at = @e WHERE session_id = @s";
            cmd.AddParameter("@e", endedAt);
            cmd.AddParameter("@s", session.SessionId);
            cmd.ExecuteNonQuery();
        }, cancellationToken);
        MarkEnded(session, endedAt);
        LogEnded(_logger, session.SessionId);

        // Other nodes cache the session: tell them, so they stop accepting joins with its code.
        _bus.Publish(session.SessionId, new SessionBusMessage { Kind = SessionBusMessageKind.SessionEnded, EndedAt = endedAt });
    }

    /// <summary>Marks a session ended in this node's memory (recorded by whoever ended it).</summary>
    internal void MarkEnded(LiveSession session, long endedAt)
    {
        session.Record = session.Record with { EndedAt = endedAt };
        _byJoinCode.TryRemove(session.Record.JoinCode, out _);
    }

    private void Load()
    {
        using var connection = _store.OpenRead();
        var loaded = LoadSessions(connection, null, null);
        foreach (var session in loaded)
        {
            _sessions[session.SessionId] = session;
            if (!session.Ended)
            {
                _byJoinCode[session.Record.JoinCode] = session;
            }
        }

        LogLoaded(_logger, _sessions.Count);
    }

    /// <summary>
    /// Reads sessions with their runners, recorded progress, latest values, open alerts and cues: all of them
    /// (<paramref name="column"/> null), or those whose <paramref name="column"/> (session_id or join_code) is <paramref name="value"/>.
    /// </summary>
    private List<LiveSession> LoadSessions(DbConnection connection, string? column, string? value)
    {
        var found = new Dictionary<string, LiveSession>(StringComparer.Ordinal);
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, name, join_code, created_at, ended_at, auto_cue, target_pace, alert_settings FROM sessions"
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
                    JsonSerializer.Deserialize<AlertSettings>(r.GetString(7)) ?? AlertSettings.Default);
                found[record.SessionId] = new LiveSession(record, _alerts.Create(record.SessionId, record.Settings)) { Bus = _bus };
            }
        }

        if (found.Count == 0)
        {
            return [];
        }

        // One session: filter every query by it; all sessions (start-up): read each table once.
        var one = column is null ? null : found.Keys.First();
        string Where(string alias = "") => one is null ? "" : $" WHERE {alias}session_id = @id";
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
                    session.Runners[r.GetString(1)] = new LiveRunner(r.GetString(1), r.GetString(2), r.GetString(3)) { State = RunnerState.Left };
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, runner_id, MIN(seq), MAX(seq), COUNT(*) FROM samples" + Where() + " GROUP BY session_id, runner_id";
            Bind(cmd);
            var progress = new List<(LiveSession Session, LiveRunner Runner, long Min, long Max, long Count)>();
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
                session.SampleCount += count;
                ApplyProgress(connection, session.SessionId, runner, min, max, count);
                runner.Latest = LoadLatest(connection, session.SessionId, runner.RunnerId);
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
                    session.OpenAlerts[alert.AlertId] = alert;
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
                if (found.TryGetValue(r.GetString(0), out var session) && JsonSerializer.Deserialize<Core.Cues.CueUpdate>(r.GetString(1)) is { } cue)
                {
                    session.RememberCue(cue);
                }
            }
        }

        return [.. found.Values];
    }

    private static void ApplyProgress(DbConnection connection, string sessionId, LiveRunner runner, long min, long max, long count)
    {
        runner.Above.Clear();
        if (min == 1 && count == max)
        {
            runner.UpTo = max;
        }
        else
        {
            LoadGappedProgress(connection, sessionId, runner);
        }

        runner.PublishUpTo();
    }

    /// <summary>
    /// Reloads a runner's recorded progress from the shared store: another node may have recorded its samples since
    /// this node last saw it (the runner's connection moved). The caller holds the runner's publish lock.
    /// </summary>
    internal async Task RefreshProgressAsync(LiveSession session, LiveRunner runner, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenReadAsync(cancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MIN(seq), MAX(seq), COUNT(*) FROM samples WHERE session_id = @s AND runner_id = @r";
        cmd.AddParameter("@s", session.SessionId);
        cmd.AddParameter("@r", runner.RunnerId);
        long min = 0, max = 0, count = 0;
        using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (await r.ReadAsync(cancellationToken) && !r.IsDBNull(0))
            {
                (min, max, count) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            }
        }

        if (count > 0)
        {
            ApplyProgress(connection, session.SessionId, runner, min, max, count);
            LogProgressRefreshed(_logger, session.SessionId, runner.RunnerId, runner.UpTo);
        }
    }

    /// <summary>
    /// A session by id from memory or, with a shared store, read through from it (created on another node). Null when
    /// unknown.
    /// </summary>
    private LiveSession? ReadThrough(string column, string value)
    {
        if (!_store.IsShared || string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return null;
        }

        List<LiveSession> loaded;
        using (var connection = _store.OpenRead())
        {
            loaded = LoadSessions(connection, column, value);
        }

        if (loaded.Count == 0)
        {
            return null;
        }

        var session = _sessions.GetOrAdd(loaded[0].SessionId, loaded[0]);
        if (ReferenceEquals(session, loaded[0]))
        {
            if (!session.Ended)
            {
                _byJoinCode.TryAdd(session.Record.JoinCode, session);
            }

            LogReadThrough(_logger, session.SessionId);
        }

        return session;
    }

    /// <summary>A runner of <paramref name="session"/> from memory or, with a shared store, read through (joined on another node).</summary>
    public LiveRunner? FindRunner(LiveSession session, string runnerId)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Runners.TryGetValue(runnerId, out var known))
        {
            return known;
        }

        if (!_store.IsShared || string.IsNullOrEmpty(runnerId) || runnerId.Length > 64)
        {
            return null;
        }

        using var connection = _store.OpenRead();
        LiveRunner? loaded = null;
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name, rejoin_hash FROM runners WHERE session_id = @s AND runner_id = @r";
            cmd.AddParameter("@s", session.SessionId);
            cmd.AddParameter("@r", runnerId);
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                loaded = new LiveRunner(runnerId, r.GetString(0), r.GetString(1));
            }
        }

        if (loaded is null)
        {
            return null;
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT MIN(seq), MAX(seq), COUNT(*) FROM samples WHERE session_id = @s AND runner_id = @r";
            cmd.AddParameter("@s", session.SessionId);
            cmd.AddParameter("@r", runnerId);
            long min = 0, max = 0, count = 0;
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read() && !r.IsDBNull(0))
                {
                    (min, max, count) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
                }
            }

            if (count > 0)
            {
                ApplyProgress(connection, session.SessionId, loaded, min, max, count);
                loaded.Latest = LoadLatest(connection, session.SessionId, runnerId);
            }
        }

        var runner = session.Runners.GetOrAdd(runnerId, loaded);
        if (ReferenceEquals(runner, loaded))
        {
            LogRunnerReadThrough(_logger, session.SessionId, runnerId);
        }

        return runner;
    }

    /// <summary>
    /// With a shared store, reads the runners of <paramref name="session"/> that joined on other nodes and are not in this
    /// node's memory yet (exports, snapshots). A no-op on a single node.
    /// </summary>
    public LiveSession LoadRunners(LiveSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_store.IsShared)
        {
            return session;
        }

        var missing = new List<string>();
        using (var connection = _store.OpenRead())
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT runner_id FROM runners WHERE session_id = @s";
            cmd.AddParameter("@s", session.SessionId);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!session.Runners.ContainsKey(r.GetString(0)))
                {
                    missing.Add(r.GetString(0));
                }
            }
        }

        foreach (var runnerId in missing)
        {
            _ = FindRunner(session, runnerId);
        }

        return session;
    }

    /// <summary>Every session; with a shared store, also those created on other nodes since this one started.</summary>
    public IEnumerable<LiveSession> ListAll()
    {
        if (_store.IsShared)
        {
            var ids = new List<string>();
            using (var connection = _store.OpenRead())
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT session_id FROM sessions";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    ids.Add(r.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                _ = Find(id);
            }
        }

        return _sessions.Values;
    }

    /// <summary>A session by join code, ended or not (a rejoining relay may still flush its outbox after the end).</summary>
    public LiveSession? FindAnyByJoinCode(string joinCode)
    {
        var code = NormalizeJoinCode(joinCode);
        return _sessions.Values.FirstOrDefault(s => s.Record.JoinCode == code) ?? ReadThrough("join_code", code);
    }

    // Rare: a relay sent samples above a gap. Walk the seqs to find the contiguous prefix and the recorded rest.
    private static void LoadGappedProgress(DbConnection connection, string sessionId, LiveRunner runner)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT seq FROM samples WHERE session_id = @s AND runner_id = @r ORDER BY seq";
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runner.RunnerId);
        using var r = cmd.ExecuteReader();
        var upTo = 0L;
        while (r.Read())
        {
            var seq = r.GetInt64(0);
            if (seq == upTo + 1 && runner.Above.Count == 0)
            {
                upTo = seq;
            }
            else
            {
                runner.Above.Add(seq);
            }
        }

        runner.UpTo = upTo;
    }

    private static Core.Samples.MetricSample? LoadLatest(DbConnection connection, string sessionId, string runnerId)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns} FROM samples WHERE session_id = @s AND runner_id = @r ORDER BY seq DESC LIMIT 1";
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? RecordingSql.ReadSample(r) : null;
    }

    private string NewJoinCode()
    {
        while (true)
        {
            var chars = new char[JoinCodeLength];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = JoinAlphabet[RandomNumberGenerator.GetInt32(JoinAlphabet.Length)];
            }

            var code = new string(chars);
            if (!_sessions.Values.Any(s => s.Record.JoinCode == code))
            {
                return code;
            }
        }
    }

    internal static string NewId(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    [LoggerMessage(1, LogLevel.Information, "Session {SessionId} created: {Name}", EventName = "SessionCreated")]
    private static partial void LogCreated(ILogger logger, string sessionId, string name);

    [LoggerMessage(2, LogLevel.Information, "Runner {RunnerId} joined session {SessionId}", EventName = "RunnerJoined")]
    private static partial void LogJoined(ILogger logger, string sessionId, string runnerId);

    [LoggerMessage(3, LogLevel.Information, "Session {SessionId} ended", EventName = "SessionEnded")]
    private static partial void LogEnded(ILogger logger, string sessionId);

    [LoggerMessage(4, LogLevel.Information, "Loaded {Count} sessions from the recording", EventName = "SessionsLoaded")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Information, "Session {SessionId} read through from the shared recording", EventName = "SessionReadThrough")]
    private static partial void LogReadThrough(ILogger logger, string sessionId);

    [LoggerMessage(6, LogLevel.Information, "Runner {RunnerId} of session {SessionId} read through from the shared recording", EventName = "RunnerReadThrough")]
    private static partial void LogRunnerReadThrough(ILogger logger, string sessionId, string runnerId);

    [LoggerMessage(7, LogLevel.Information, "Runner {RunnerId} of session {SessionId}: progress reloaded from the shared recording, up to {UpTo}", EventName = "ProgressRefreshed")]
    private static partial void LogProgressRefreshed(ILogger logger, string sessionId, string runnerId, long upTo);
}
