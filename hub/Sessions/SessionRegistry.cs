using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;

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

    public SessionRegistry(RecordingStore store, IAlertEngineFactory alerts, TimeProvider time, ILogger<SessionRegistry> logger)
    {
        _store = store;
        _alerts = alerts;
        _time = time;
        _logger = logger;
        Load();
    }

    public IEnumerable<LiveSession> Sessions => _sessions.Values;

    public LiveSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public LiveSession? FindByJoinCode(string joinCode) => _byJoinCode.GetValueOrDefault(NormalizeJoinCode(joinCode));

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
                VALUES ($id, $n, $j, $c, NULL, $a, $p, $s)
                """;
            cmd.Parameters.AddWithValue("$id", record.SessionId);
            cmd.Parameters.AddWithValue("$n", record.Name);
            cmd.Parameters.AddWithValue("$j", record.JoinCode);
            cmd.Parameters.AddWithValue("$c", record.CreatedAt);
            cmd.Parameters.AddWithValue("$a", (int)record.AutoCue);
            cmd.Parameters.AddWithValue("$p", record.TargetPaceSecPerKm is { } p ? p : DBNull.Value);
            cmd.Parameters.AddWithValue("$s", JsonSerializer.Serialize(record.Settings));
            cmd.ExecuteNonQuery();
        }, cancellationToken);

        var session = new LiveSession(record, _alerts.Create(record.SessionId, record.Settings));
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
            cmd.CommandText = "INSERT INTO runners (session_id, runner_id, name, rejoin_hash, joined_at) VALUES ($s, $r, $n, $h, $j)";
            cmd.Parameters.AddWithValue("$s", session.SessionId);
            cmd.Parameters.AddWithValue("$r", runner.RunnerId);
            cmd.Parameters.AddWithValue("$n", runner.Name);
            cmd.Parameters.AddWithValue("$h", runner.RejoinHash);
            cmd.Parameters.AddWithValue("$j", joinedAt);
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
            cmd.CommandText = "UPDATE sessions SET ended_at = $e WHERE session_id = $s";
            cmd.Parameters.AddWithValue("$e", endedAt);
            cmd.Parameters.AddWithValue("$s", session.SessionId);
            cmd.ExecuteNonQuery();
        }, cancellationToken);
        session.Record = session.Record with { EndedAt = endedAt };
        _byJoinCode.TryRemove(session.Record.JoinCode, out _);
        LogEnded(_logger, session.SessionId);
    }

    private void Load()
    {
        using var connection = _store.OpenReadAsync(CancellationToken.None).GetAwaiter().GetResult();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, name, join_code, created_at, ended_at, auto_cue, target_pace, alert_settings FROM sessions";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var record = new SessionRecord(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
                    (AutoCueMode)r.GetInt32(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                    JsonSerializer.Deserialize<AlertSettings>(r.GetString(7)) ?? AlertSettings.Default);
                var session = new LiveSession(record, _alerts.Create(record.SessionId, record.Settings));
                _sessions[record.SessionId] = session;
                if (!session.Ended)
                {
                    _byJoinCode[record.JoinCode] = session;
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, runner_id, name, rejoin_hash FROM runners";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (_sessions.TryGetValue(r.GetString(0), out var session))
                {
                    session.Runners[r.GetString(1)] = new LiveRunner(r.GetString(1), r.GetString(2), r.GetString(3)) { State = RunnerState.Left };
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT session_id, runner_id, MIN(seq), MAX(seq), COUNT(*) FROM samples GROUP BY session_id, runner_id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (_sessions.TryGetValue(r.GetString(0), out var session) && session.Runners.TryGetValue(r.GetString(1), out var runner))
                {
                    long min = r.GetInt64(2), max = r.GetInt64(3), count = r.GetInt64(4);
                    session.SampleCount += count;
                    if (min == 1 && count == max)
                    {
                        runner.UpTo = max;
                    }
                    else
                    {
                        LoadGappedProgress(connection, session.SessionId, runner);
                    }

                    runner.PublishUpTo();
                    runner.Latest = LoadLatest(connection, session.SessionId, runner.RunnerId);
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT a.session_id, a.body FROM alerts a JOIN sessions s ON s.session_id = a.session_id WHERE a.cleared_at IS NULL AND s.ended_at IS NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (_sessions.TryGetValue(r.GetString(0), out var session) && JsonSerializer.Deserialize<FormAlert>(r.GetString(1)) is { } alert)
                {
                    session.OpenAlerts[alert.AlertId] = alert;
                }
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT c.session_id, c.body FROM cues c JOIN sessions s ON s.session_id = c.session_id WHERE s.ended_at IS NULL";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (_sessions.TryGetValue(r.GetString(0), out var session) && JsonSerializer.Deserialize<Core.Cues.CueUpdate>(r.GetString(1)) is { } cue)
                {
                    session.RememberCue(cue);
                }
            }
        }

        LogLoaded(_logger, _sessions.Count);
    }

    // Rare: a relay sent samples above a gap. Walk the seqs to find the contiguous prefix and the recorded rest.
    private static void LoadGappedProgress(SqliteConnection connection, string sessionId, LiveRunner runner)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT seq FROM samples WHERE session_id = $s AND runner_id = $r ORDER BY seq";
        cmd.Parameters.AddWithValue("$s", sessionId);
        cmd.Parameters.AddWithValue("$r", runner.RunnerId);
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

    private static Core.Samples.MetricSample? LoadLatest(SqliteConnection connection, string sessionId, string runnerId)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns} FROM samples WHERE session_id = $s AND runner_id = $r ORDER BY seq DESC LIMIT 1";
        cmd.Parameters.AddWithValue("$s", sessionId);
        cmd.Parameters.AddWithValue("$r", runnerId);
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
}
