using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Ingest;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Import;

/// <summary>
/// Watch recordings merged into a session (docs/fit.md): a FIT or TCX upload adds, as backfilled samples, the seconds
/// inside the session's window that the live path did not record; and a runner who never joined live can be added.
/// </summary>
internal static partial class ImportApi
{
    public const long MaxUploadBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Imported samples are numbered after this seq (and after earlier imports): far above any seq a relay reaches (4 Hz
    /// for thousands of years), so a live batch later (the relay's outbox, a rejoin) never shares a (runner, seq) with
    /// them and is never taken for a duplicate. They are recorded above the live seqs' gap and never move the contiguous
    /// seq relays are acknowledged.
    /// </summary>
    public const long ImportSeqBase = 1L << 40;

    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/sessions/{id}/runners", AddRunnerAsync);
        endpoints.MapPost("/api/sessions/{id}/runners/{runnerId}/activity", ImportActivityAsync);
        return endpoints;
    }

    private static async Task<IResult> AddRunnerAsync(string id, HttpContext http, HubKeys keys, SessionRegistry registry, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var (request, error) = await JsonBody.ReadAsync<AddRunnerRequest>(http, ct);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(request!.Name) || request.Name.Length > SessionsApi.MaxNameLength)
        {
            return Problems.BadRequest($"name is required, 1..{SessionsApi.MaxNameLength} characters");
        }

        var (runner, _) = await registry.AddRunnerAsync(session!, request.Name.Trim(), ct);
        return TypedResults.Created($"/api/sessions/{id}/runners/{runner.RunnerId}", new AddRunnerResponse { RunnerId = runner.RunnerId, Name = runner.Name });
    }

    private static async Task<IResult> ImportActivityAsync(
        string id, string runnerId, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, IngestService ingest,
        IOptions<HubOptions> options, TimeProvider time, HubMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        var session = registry.Find(id);
        var ownRunner = http.User.IsRunner() && http.User.SessionId() == id && http.User.RunnerId() == runnerId;
        if (!ownRunner && Access.CoachOf(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        if (session is null || registry.FindRunner(session, runnerId) is not { } runner)
        {
            return Problems.NotFound($"runnerId '{runnerId}' is not a runner of session '{id}'; add a watch-only runner with POST /api/sessions/{id}/runners");
        }

        var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (ActivityUpload.FitContentType or ActivityUpload.TcxContentType))
        {
            return TypedResults.Problem(
                detail: $"Send the file as Content-Type {ActivityUpload.FitContentType} (FIT) or {ActivityUpload.TcxContentType} (TCX)",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported file type");
        }

        if (await ReadBodyAsync(http, ct) is not { } body)
        {
            return TypedResults.Problem(
                detail: $"The file is over {MaxUploadBytes / (1024 * 1024)} MB; a watch's activity file is far smaller: check it is one activity",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }

        var logger = loggers.CreateLogger(typeof(ImportApi));
        var (records, reason, detail) = ActivityUpload.Read(mediaType, body);
        if (records is null)
        {
            return Rejected(metrics, logger, id, runnerId, reason!, detail!);
        }

        var (seconds, lastSeq) = await RecordedAsync(store, id, runnerId, ct);
        var windowEnd = session.Record.EndedAt ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        var plan = WatchRecordingMerge.Plan(records, session.Record.CreatedAt, windowEnd, seconds, Math.Max(ImportSeqBase, lastSeq));
        if (plan.Added.Count == 0 && plan.Skipped == 0)
        {
            return Rejected(metrics, logger, id, runnerId, "outsideWindow", $"None of the file's {plan.OutsideWindow} records is inside the session's time: check the file is of this session's day");
        }

        try
        {
            foreach (var chunk in plan.Added.Chunk(Math.Max(1, options.Value.MaxBatchSamples)))
            {
                await ingest.PublishAsync(session, runner, new SampleBatch { Samples = chunk }, ct);
            }
        }
        catch (BatchRejectedException ex)
        {
            // The publish path counted this rejection already.
            return Rejected(null, logger, id, runnerId, ex.Rejection.Reason, $"{ex.Rejection.Message}. Part of the file may have been added; upload it again once fixed (recorded seconds are skipped).");
        }

        LogImported(logger, id, runnerId, plan.Added.Count, plan.Skipped, plan.OutsideWindow);
        return TypedResults.Ok(new ActivityImportResponse
        {
            Added = plan.Added.Count,
            Skipped = plan.Skipped,
            OutsideWindow = plan.OutsideWindow,
            FirstSeq = plan.Added.Count > 0 ? plan.Added[0].Seq : null,
            LastSeq = plan.Added.Count > 0 ? plan.Added[^1].Seq : null,
        });
    }

    /// <summary>400 naming the reason; counted as a rejected publish (reason <c>activity.*</c>) and logged.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Rejected(
        HubMetrics? metrics, ILogger logger, string sessionId, string runnerId, string reason, string detail)
    {
        metrics?.Rejected("activity." + reason);
        LogRejected(logger, sessionId, runnerId, reason);
        return TypedResults.Problem(
            detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Activity not imported",
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }

    [LoggerMessage(1001, LogLevel.Information, "Activity upload for runner {RunnerId} of session {SessionId} rejected ({Reason})", EventName = "ActivityRejected")]
    private static partial void LogRejected(ILogger logger, string sessionId, string runnerId, string reason);

    [LoggerMessage(1002, LogLevel.Information, "Activity upload for runner {RunnerId} of session {SessionId}: {Added} seconds added, {Skipped} already recorded, {Outside} outside the session", EventName = "ActivityImported")]
    private static partial void LogImported(ILogger logger, string sessionId, string runnerId, int added, int skipped, int outside);

    /// <summary>The body, or null when it is over the limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxUploadBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int n;
        while ((n = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxUploadBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>The unix seconds the runner has samples in, and its highest seq, from the recording (either store).</summary>
    private static async Task<(HashSet<long> Seconds, long LastSeq)> RecordedAsync(RecordingStore store, string sessionId, string runnerId, CancellationToken ct)
    {
        var seconds = new HashSet<long>();
        long lastSeq = 0;
        await using var reader = await store.OpenReaderAsync(ct);
        await foreach (var s in reader.ReadRunnerAsync(sessionId, runnerId, ct))
        {
            seconds.Add(Math.DivRem(s.ObservedAt, 1000, out var rem) - (rem < 0 ? 1 : 0));
            lastSeq = Math.Max(lastSeq, s.Seq);
        }

        return (seconds, lastSeq);
    }
}
