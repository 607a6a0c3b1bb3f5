using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Hub.Sessions;
using MindMuscle.Live.Hub.Telemetry;

namespace MindMuscle.Live.Hub.Ingest;

/// <summary>
/// A token bucket per runner in front of the publish path: hub <c>Publish</c> and <c>POST /api/ingest</c> both ask it
/// before <see cref="IngestService.PublishAsync"/>, so the two paths share one budget. <see cref="HubOptions.PublishBurst"/>
/// publishes go back to back, then <see cref="HubOptions.PublishRateLimit"/> a second. A refusal is counted as
/// <c>mml.hub.samples.rejected{reason=rateLimited}</c> and logged at most once per runner per <see cref="LogInterval"/>.
/// </summary>
/// <remarks>
/// Refusing before anything else runs means nothing of a refused batch is validated, fanned out or recorded; the caller
/// answers with the wait (<c>retryAfter</c>) so a relay resends the same batch later and loses nothing.
/// </remarks>
internal sealed partial class PublishRateLimiter
{
    /// <summary>The <c>reason</c> tag and problem extension of a refusal.</summary>
    public const string Reason = "rateLimited";

    /// <summary>A flooding runner is logged once, then at most once per this interval with the count refused since.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly double _rate;
    private readonly int _burst;
    private readonly HubMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<PublishRateLimiter> _logger;

    // Keyed by the runner object: a bucket lives exactly as long as the hub holds that runner, no cleanup needed.
    private readonly ConditionalWeakTable<LiveRunner, TokenBucket> _buckets = new();

    // Made once: a lambda over this instance's fields would be a new delegate on every publish.
    private readonly ConditionalWeakTable<LiveRunner, TokenBucket>.CreateValueCallback _newBucket;

    public PublishRateLimiter(IOptions<HubOptions> options, HubMetrics metrics, TimeProvider time, ILogger<PublishRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rate = options.Value.PublishRateLimit;
        _burst = options.Value.PublishBurst;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _newBucket = _ => new TokenBucket(_burst, _rate, _time, LogInterval);
    }

    /// <summary>False when <see cref="HubOptions.PublishRateLimit"/> is 0: every publish is let through.</summary>
    public bool Enabled => _rate > 0;

    /// <summary>
    /// Takes one publish from the runner's budget. False when it is spent: the refusal is counted (and logged when due)
    /// and <paramref name="retryAfter"/> says when the next publish would be let through.
    /// </summary>
    public bool TryAcquire(LiveSession session, LiveRunner runner, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(runner);
        retryAfter = TimeSpan.Zero;
        if (!Enabled)
        {
            return true;
        }

        var bucket = _buckets.GetValue(runner, _newBucket);
        var taken = bucket.TryTake(out retryAfter, out var report);
        if (taken)
        {
            return true;
        }

        _metrics.Rejected(Reason);
        if (report is { } r)
        {
            if (r.First)
            {
                LogRateLimited(_logger, runner.RunnerId, session.SessionId, _rate, _burst, LogInterval.TotalSeconds);
            }
            else
            {
                LogStillRateLimited(_logger, runner.RunnerId, session.SessionId, r.Refused, r.Since.TotalSeconds);
            }
        }

        return false;
    }

    /// <summary>The sentence a refused publisher reads, hub method and REST alike; relays parse "retry after N ms".</summary>
    public string RefusalMessage(TimeSpan retryAfter) => string.Create(CultureInfo.InvariantCulture,
        $"Rate limited: this runner publishes more than {_rate:0.##} batches/s (bursts of up to {_burst}); retry after {RetryAfterMs(retryAfter)} ms; nothing of this batch was recorded.");

    /// <summary>The wait in whole milliseconds, at least 1.</summary>
    public static long RetryAfterMs(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));

    [LoggerMessage(211, LogLevel.Warning,
        "Runner {RunnerId} in session {SessionId} is rate limited ({Rate} publishes/s, bursts of {Burst}): its publish was refused and nothing of it recorded; further refusals are summed every {Interval} s",
        EventName = "PublishRateLimited")]
    private static partial void LogRateLimited(ILogger logger, string runnerId, string sessionId, double rate, int burst, double interval);

    [LoggerMessage(212, LogLevel.Warning,
        "Runner {RunnerId} in session {SessionId} is still rate limited: {Refused} publishes refused in the last {Seconds:0.0} s, nothing of them recorded",
        EventName = "PublishStillRateLimited")]
    private static partial void LogStillRateLimited(ILogger logger, string runnerId, string sessionId, long refused, double seconds);
}
