using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.ScaleOut;

namespace MindMuscle.Live.Hub.Sessions;

/// <summary>
/// Every session of the recording, held in memory (not its samples), loaded at start so a restarted hub continues each
/// runner's seq exactly where the recording ends. With a shared recording (scale-out) a session or runner created on
/// another node is read through on first use.
/// </summary>
internal sealed partial class SessionRegistry
{
    private readonly ConcurrentDictionary<string, LiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LiveSession> _byJoinCode = new(StringComparer.Ordinal);
    private readonly SessionRecorder _recorder;
    private readonly ISessionBus _bus;
    private readonly AutoCueOptions _autoCue;
    private readonly IAlertEngineFactory _engines;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionRegistry> _logger;

    public SessionRegistry(
        SessionRecorder recorder, ISessionBus bus, IAlertEngineFactory engines, IOptions<HubOptions> options, TimeProvider time, ILogger<SessionRegistry> logger)
    {
        _recorder = recorder;
        _bus = bus;
        _engines = engines;
        _autoCue = new AutoCueOptions
        {
            GapSeconds = options.Value.AutoCueMinInterval.TotalSeconds,
            CheckInIntervalSeconds = options.Value.AutoCueCheckInInterval.TotalSeconds,
        };
        _time = time;
        _logger = logger;
        foreach (var session in recorder.LoadAll().Select(Create))
        {
            _sessions[session.SessionId] = session;
            if (!session.Ended)
            {
                _byJoinCode[session.Record.JoinCode] = session;
            }
        }

        LogLoaded(_logger, _sessions.Count);
    }

    public IEnumerable<LiveSession> Sessions => _sessions.Values;

    /// <summary>A session from memory or, with a shared store (scale-out), read through from it.</summary>
    public LiveSession? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId) ?? ReadThrough(sessionId, byJoinCode: false);

    /// <summary>A session this node holds in memory (no store access): traffic from the bus is only for those.</summary>
    internal LiveSession? FindInMemory(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public LiveSession? FindByJoinCode(string joinCode)
    {
        var code = JoinSecrets.NormalizeJoinCode(joinCode);
        return _byJoinCode.GetValueOrDefault(code) is { } known ? known
            : ReadThrough(code, byJoinCode: true) is { Ended: false } loaded ? loaded : null;
    }

    /// <summary>A session by join code, ended or not (a rejoining relay may still flush its outbox after the end).</summary>
    public LiveSession? FindAnyByJoinCode(string joinCode)
    {
        var code = JoinSecrets.NormalizeJoinCode(joinCode);
        return _sessions.Values.FirstOrDefault(s => s.Record.JoinCode == code) ?? ReadThrough(code, byJoinCode: true);
    }

    public async Task<LiveSession> CreateAsync(CreateSessionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = request.AlertSettings ?? AlertSettings.Default;
        if (request.TargetPaceSecPerKm is { } pace && settings.TargetPaceSecPerKm is null)
        {
            settings = settings with { TargetPaceSecPerKm = pace };
        }

        var record = new SessionRecord(
            JoinSecrets.NewId(8), request.Name.Trim(), NewJoinCode(), _time.GetUtcNow().ToUnixTimeMilliseconds(), null,
            request.AutoCue, request.TargetPaceSecPerKm, settings, request.HrMaxBpm ?? SessionRecord.DefaultHrMaxBpm);
        await _recorder.InsertSessionAsync(record, cancellationToken);
        var session = Create(new StoredSession(record, [], [], [], []));
        _sessions[record.SessionId] = session;
        _byJoinCode[record.JoinCode] = session;
        LogCreated(_logger, record.SessionId, record.Name);
        return session;
    }

    /// <summary>A new runner: returns it with the rejoin secret (shown once, only its hash is stored).</summary>
    public async Task<(LiveRunner Runner, string RejoinSecret)> AddRunnerAsync(LiveSession session, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (secret, hash) = JoinSecrets.NewRejoinSecret();
        var runner = new LiveRunner("r-" + JoinSecrets.NewId(6), name.Trim(), hash, RunnerState.Joined);
        await _recorder.InsertRunnerAsync(
            session.SessionId, runner.RunnerId, runner.Name, runner.RejoinHash, _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        session.Runners[runner.RunnerId] = runner;
        LogJoined(_logger, session.SessionId, runner.RunnerId);
        return (runner, secret);
    }

    /// <summary>True when <paramref name="secret"/> is the rejoin secret of <paramref name="runner"/> (constant time).</summary>
    public static bool VerifyRejoinSecret(LiveRunner runner, string? secret) =>
        runner is not null && JoinSecrets.Verify(runner.RejoinHash, secret);

    public async Task EndAsync(LiveSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Ended)
        {
            return;
        }

        var endedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _recorder.EndSessionAsync(session.SessionId, endedAt, cancellationToken);
        MarkEnded(session, endedAt);
        LogEnded(_logger, session.SessionId);

        // Other nodes cache the session: tell them, so they stop accepting joins with its code.
        _bus.Publish(session.SessionId, new SessionBusMessage { Kind = SessionBusMessageKind.SessionEnded, EndedAt = endedAt });
    }

    /// <summary>Marks a session ended in this node's memory (recorded by whoever ended it).</summary>
    internal void MarkEnded(LiveSession session, long endedAt)
    {
        session.MarkEnded(endedAt);
        _byJoinCode.TryRemove(session.Record.JoinCode, out _);
    }

    /// <summary>A runner of <paramref name="session"/> from memory or, with a shared store, read through (joined on another node).</summary>
    public LiveRunner? FindRunner(LiveSession session, string runnerId)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Runners.TryGetValue(runnerId, out var known))
        {
            return known;
        }

        if (!_recorder.IsShared || string.IsNullOrEmpty(runnerId) || runnerId.Length > 64
            || _recorder.LoadRunner(session.SessionId, runnerId) is not { } stored)
        {
            return null;
        }

        var loaded = new LiveRunner(stored.RunnerId, stored.Name, stored.RejoinHash, RunnerState.Joined, stored);
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
        if (_recorder.IsShared)
        {
            foreach (var runnerId in _recorder.RunnerIds(session.SessionId).Where(id => !session.Runners.ContainsKey(id)))
            {
                _ = FindRunner(session, runnerId);
            }
        }

        return session;
    }

    /// <summary>Every session; with a shared store, also those created on other nodes since this one started.</summary>
    public IEnumerable<LiveSession> ListAll()
    {
        if (_recorder.IsShared)
        {
            foreach (var id in _recorder.SessionIds())
            {
                _ = Find(id);
            }
        }

        return _sessions.Values;
    }

    private LiveSession Create(StoredSession stored) => new(stored, _bus, _autoCue, _engines, _logger);

    /// <summary>A session created on another node, read from the shared store (null when unknown or single-node).</summary>
    private LiveSession? ReadThrough(string value, bool byJoinCode)
    {
        if (!_recorder.IsShared || string.IsNullOrEmpty(value) || value.Length > 64
            || (byJoinCode ? _recorder.LoadByJoinCode(value) : _recorder.LoadById(value)) is not { } stored)
        {
            return null;
        }

        var loaded = Create(stored);
        var session = _sessions.GetOrAdd(loaded.SessionId, loaded);
        if (ReferenceEquals(session, loaded))
        {
            if (!session.Ended)
            {
                _byJoinCode.TryAdd(session.Record.JoinCode, session);
            }

            LogReadThrough(_logger, session.SessionId);
        }

        return session;
    }

    private string NewJoinCode()
    {
        while (true)
        {
            var code = JoinSecrets.NewJoinCode();
            if (!_sessions.Values.Any(s => s.Record.JoinCode == code))
            {
                return code;
            }
        }
    }
}
