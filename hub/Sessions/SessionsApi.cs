using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Alerts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Sessions;

internal static class SessionsApi
{
    public const int MaxNameLength = 100;
    public const int MinHrMaxBpm = CreateSessionRequest.MinHrMaxBpm;
    public const int MaxHrMaxBpm = CreateSessionRequest.MaxHrMaxBpm;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapPost("/sessions", CreateAsync);
        api.MapPost("/join", JoinAsync).RequireRateLimiting(AuthExtensions.JoinRateLimitPolicy);
        api.MapPost("/sessions/{id}/end", EndAsync);
        api.MapPost("/sessions/{id}/coach-token", MintCoachToken);
        api.MapGet("/sessions", ListAsync);
        api.MapGet("/sessions/{id}", Get);
        api.MapGet("/sessions/{id}/samples", GetSamples);
        api.MapGet("/sessions/{id}/alerts", GetAlertsAsync);
        api.MapGet("/sessions/{id}/cues", GetCuesAsync);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, HubKeys keys, SessionRegistry registry, TokenIssuer tokens, IOptions<HubOptions> options, CancellationToken ct)
    {
        if (!Access.HasCoachKey(http, keys))
        {
            return Problems.Unauthorized($"Creating a session needs the coach key in the {AuthExtensions.CoachKeyHeader} header (printed by the hub on first start, or set with --coach-key / MML_COACH_KEY)");
        }

        var (request, error) = await JsonBody.ReadAsync<CreateSessionRequest>(http, ct);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Length > MaxNameLength)
        {
            return Problems.BadRequest($"name is required, 1..{MaxNameLength} characters, e.g. \"Tuesday 6x800\"");
        }

        if (request.TargetPaceSecPerKm is { } pace && (!double.IsFinite(pace) || pace < 120 || pace > 1200))
        {
            return Problems.BadRequest($"targetPaceSecPerKm is {pace}; send seconds per km in 120..1200 (2:00..20:00 /km) or null");
        }

        if (!Enum.IsDefined(request.AutoCue))
        {
            return Problems.BadRequest("autoCue must be \"off\", \"suggest\" or \"auto\"");
        }

        if (request.HrMaxBpm is { } hrMax && hrMax is < MinHrMaxBpm or > MaxHrMaxBpm)
        {
            return Problems.BadRequest($"hrMaxBpm is {hrMax}; send {MinHrMaxBpm}..{MaxHrMaxBpm} beats/min, or null for {SessionRecord.DefaultHrMaxBpm}");
        }

        var session = await registry.CreateAsync(request, ct);
        return TypedResults.Created($"/api/sessions/{session.SessionId}", CoachAccess(http, session, tokens, options.Value));
    }

    private static async Task<IResult> JoinAsync(
        HttpContext http, SessionRegistry registry, TokenIssuer tokens, RunnerStatusTracker status, CancellationToken ct)
    {
        var (request, error) = await JsonBody.ReadAsync<JoinRequest>(http, ct);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.JoinCode))
        {
            return Problems.BadRequest("joinCode is required: the 8-character code your coach shows");
        }

        if (request.RunnerId is { } runnerId)
        {
            // Rejoin: the code finds the session even after it ended (a relay may still flush its outbox), the secret
            // proves the caller is the runner that joined first.
            var existing = registry.FindAnyByJoinCode(request.JoinCode);
            if (existing is null || registry.FindRunner(existing, runnerId) is not { } runner)
            {
                return Problems.NotFound("No runner with this runnerId under this joinCode; join without runnerId to join as a new runner");
            }

            if (!SessionRegistry.VerifyRejoinSecret(runner, request.RejoinSecret))
            {
                return Problems.Forbidden("rejoinSecret does not match this runner; send the rejoinSecret from your first join, or join without runnerId as a new runner");
            }

            var (rejoinToken, rejoinExpires) = tokens.IssueRunner(existing.SessionId, runner.RunnerId);
            return TypedResults.Ok(new JoinResponse
            {
                SessionId = existing.SessionId,
                RunnerId = runner.RunnerId,
                RunnerToken = rejoinToken,
                RunnerTokenExpiresAt = rejoinExpires,
                RejoinSecret = request.RejoinSecret!,
                LastSeq = runner.LastSeq,
            });
        }

        if (string.IsNullOrWhiteSpace(request.RunnerName) || request.RunnerName.Length > MaxNameLength)
        {
            return Problems.BadRequest($"runnerName is required, 1..{MaxNameLength} characters");
        }

        var session = registry.FindByJoinCode(request.JoinCode);
        if (session is null)
        {
            return Problems.NotFound("No running session has this joinCode; check the code with your coach (it ends when the session ends)");
        }

        var (added, secret) = await registry.AddRunnerAsync(session, request.RunnerName, ct);
        status.Joined(session, added);
        var (token, expires) = tokens.IssueRunner(session.SessionId, added.RunnerId);
        return TypedResults.Ok(new JoinResponse
        {
            SessionId = session.SessionId,
            RunnerId = added.RunnerId,
            RunnerToken = token,
            RunnerTokenExpiresAt = expires,
            RejoinSecret = secret,
            LastSeq = 0,
        });
    }

    private static async Task<IResult> EndAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, AlertCoordinator alerts, TimeProvider time, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var wasRunning = !session!.Ended;
        await registry.EndAsync(session, ct);
        if (wasRunning)
        {
            alerts.SessionEnded(session, time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        return TypedResults.Ok(session!.Summary());
    }

    private static async Task<IResult> ListAsync(HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        if (Access.HasCoachKey(http, keys))
        {
            var totals = await ReadTotalsAsync(store, ct);
            return TypedResults.Ok(registry.ListAll().OrderByDescending(s => s.Record.CreatedAt).Select(s => WithTotals(s.Summary(), totals)).ToArray());
        }

        if (http.User.Role() == LiveHubContract.Roles.Coach && http.User.SessionId() is { } sid && registry.Find(sid) is { } own)
        {
            return TypedResults.Ok(new[] { WithTotals(own.Summary(), await ReadTotalsAsync(store, ct)) });
        }

        return Problems.Unauthorized($"Send a coach token (Authorization: Bearer <coachToken>) or the coach key ({AuthExtensions.CoachKeyHeader} header)");
    }

    private static async Task<Dictionary<string, SessionTotals>> ReadTotalsAsync(RecordingStore store, CancellationToken ct)
    {
        await using var connection = await store.OpenReadAsync(ct);
        return await SessionTotals.ReadAllAsync(connection, ct);
    }

    /// <summary>The list's review columns: duration, alerts and cues as recorded.</summary>
    private static SessionSummary WithTotals(SessionSummary summary, Dictionary<string, SessionTotals> totals) =>
        totals.TryGetValue(summary.SessionId, out var t)
            ? summary with { DurationMs = t.DurationMs, AlertCount = t.AlertCount, CueCount = t.CueCount }
            : summary with { AlertCount = 0, CueCount = 0 };

    /// <summary>
    /// A coach console that did not create the session (a second laptop, a restarted console, an expired token) gets a
    /// coach token for it from the coach key.
    /// </summary>
    private static IResult MintCoachToken(string id, HttpContext http, HubKeys keys, SessionRegistry registry, TokenIssuer tokens, IOptions<HubOptions> options)
    {
        if (!Access.HasCoachKey(http, keys))
        {
            return Problems.Unauthorized($"A coach token for a session needs the coach key in the {AuthExtensions.CoachKeyHeader} header");
        }

        if (registry.Find(id) is not { } session)
        {
            return Problems.NotFound($"No session {id} on this hub; list them with GET /api/sessions");
        }

        return TypedResults.Ok(CoachAccess(http, session, tokens, options.Value));
    }

    /// <summary>A fresh coach token for the session with the web app's live-view and join URLs.</summary>
    private static CreateSessionResponse CoachAccess(HttpContext http, LiveSession session, TokenIssuer tokens, HubOptions options)
    {
        var (token, expires) = tokens.IssueCoach(session.SessionId);
        var baseUrl = WebAppUrls.Base(http.Request, options);
        return new CreateSessionResponse
        {
            SessionId = session.SessionId,
            JoinCode = session.Record.JoinCode,
            CoachToken = token,
            CoachTokenExpiresAt = expires,
            CoachUrl = WebAppUrls.Coach(baseUrl, session.SessionId, token),
            JoinUrl = WebAppUrls.Join(baseUrl, session.Record.JoinCode),
        };
    }

    private static IResult Get(string id, HttpContext http, HubKeys keys, SessionRegistry registry, TimeProvider time)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var snapshot = registry.LoadRunners(session!).Snapshot(time.GetUtcNow().ToUnixTimeMilliseconds());
        // A runner's own link learns nothing of the group, its size and totals included.
        return Access.ScopedRunner(http, keys) is not { } scope ? TypedResults.Ok(snapshot) : TypedResults.Ok(snapshot with
        {
            Session = snapshot.Session with { RunnerCount = 1, SampleCount = 0, AlertCount = null, CueCount = null },
            Runners = [.. snapshot.Runners.Where(r => Access.Shows(scope, r.RunnerId))],
            OpenAlerts = [.. snapshot.OpenAlerts.Where(a => Access.Shows(scope, a.RunnerId))],
            RecentCues = [.. snapshot.RecentCues.Where(c => Access.Shows(scope, c.RunnerId))],
            Markers = [.. snapshot.Markers.Where(m => Access.Shows(scope, m.RunnerId))],
        });
    }

    private static IResult GetSamples(
        string id, string? runnerId, long? from, long? to, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (runnerId is not null && registry.FindRunner(session!, runnerId) is null)
        {
            return Problems.NotFound($"runnerId '{runnerId}' is not a runner of session '{id}'");
        }

        return TypedResults.Ok(ReadSamplesAsync(store, id, runnerId, from ?? long.MinValue, to ?? long.MaxValue, http.RequestAborted));
    }

    /// <summary>Streams runner chunks of up to 500 samples, ordered by runner then seq.</summary>
    private static async IAsyncEnumerable<RunnerSamples> ReadSamplesAsync(
        RecordingStore store, string sessionId, string? runnerId, long from, long to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await store.OpenReaderAsync(ct);
        var chunk = new List<MetricSample>();
        string? current = null;
        await foreach (var (rid, sample) in reader.ReadSamplesAsync(sessionId, runnerId, from, to, ct))
        {
            if ((current is not null && rid != current) || chunk.Count == 500)
            {
                yield return new RunnerSamples { RunnerId = current!, Samples = [.. chunk] };
                chunk.Clear();
            }

            current = rid;
            chunk.Add(sample);
        }

        if (chunk.Count > 0)
        {
            yield return new RunnerSamples { RunnerId = current!, Samples = [.. chunk] };
        }
    }

    private static async Task<IResult> GetAlertsAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        if (Access.CoachOf(http, keys, registry.Find(id), id) is { } denied)
        {
            return denied;
        }

        var scope = Access.ScopedRunner(http, keys);
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok((await reader.ReadAlertsAsync(id, ct)).Where(a => Access.Shows(scope, a.RunnerId)).ToList());
    }

    private static async Task<IResult> GetCuesAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        if (Access.CoachOf(http, keys, registry.Find(id), id) is { } denied)
        {
            return denied;
        }

        // A group cue is recorded once per runner it went to, so a scoped reader keeps the group cues it heard.
        var scope = Access.ScopedRunner(http, keys);
        await using var reader = await store.OpenReaderAsync(ct);
        return TypedResults.Ok((await reader.ReadCuesAsync(id, ct)).Where(c => Access.Shows(scope, c.RunnerId)).ToList());
    }
}
