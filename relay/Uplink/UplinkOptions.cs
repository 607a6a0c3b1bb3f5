using MindMuscle.Live.Core.Samples;
using Polly;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>How a runner's uplink talks to the hub. Defaults suit a phone on a track; tests shrink the delays.</summary>
internal sealed record UplinkOptions
{
    /// <summary>The hub's base address, e.g. http://127.0.0.1:5080.</summary>
    public required Uri HubUrl { get; init; }

    /// <summary>The session's join code (<c>--join</c>).</summary>
    public required string JoinCode { get; init; }

    /// <summary>Samples per <c>Publish</c> at most. Default 200 (50 s of a 4 Hz runner, a few KB of MessagePack).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Publishes awaiting their ack at once (the in-flight window). Default 4.</summary>
    public int MaxInFlight { get; init; } = 4;

    /// <summary>A sample older than this when it is sent is marked <c>backfilled</c>. Default 5 s.</summary>
    public TimeSpan BackfillThreshold { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One publish attempt's timeout. Default 10 s.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Retries of one publish before the window is abandoned and resent from the last ack. Default 3. The hub's
    /// rate-limit refusals ("Rate limited: … retry after N ms") do not count: they are retried after the hub's wait for as
    /// long as they last.
    /// </summary>
    public int PublishRetries { get; init; } = 3;

    /// <summary>One connect (join + WebSocket handshake) attempt's timeout. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First retry delay; doubles per attempt with jitter up to <see cref="RetryMaxDelay"/>. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between retries (connect, publish and automatic reconnect). Default 30 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Circuit breaker: open after this failure ratio within the sampling window. Default 0.5.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>Circuit breaker: calls within the window before it may open. Default 8.</summary>
    public int BreakerMinimumThroughput { get; init; } = 8;

    /// <summary>Circuit breaker: the window its failure ratio is measured over. Default 30 s; Polly allows 0.5 s at least.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Circuit breaker: how long it stays open (no attempt reaches the hub). Default 5 s; Polly allows 0.5 s at least.</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A token this close to expiry is renewed (POST /api/join with the rejoin secret) before use. Default 10 min.</summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Pause before the pump starts over after a failed round. Default 1 s.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Weight of a new round-trip in the smoothed clock offset (0..1]. Default 0.2.</summary>
    public double ClockSmoothing { get; init; } = 0.2;

    /// <summary>Adds strategies innermost in the publish pipeline (tests add Polly chaos strategies here).</summary>
    public Action<ResiliencePipelineBuilder<PublishAck>>? ConfigurePublish { get; init; }

    /// <summary>Adds strategies innermost in the connect pipeline.</summary>
    public Action<ResiliencePipelineBuilder>? ConfigureConnect { get; init; }

    /// <summary>Refuses a value that cannot work, naming the setting. <see cref="ConfigurePublish"/> and <see cref="ConfigureConnect"/> may be null.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HubUrl);
        if (!HubUrl.IsAbsoluteUri || (HubUrl.Scheme != Uri.UriSchemeHttp && HubUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{nameof(HubUrl)} '{HubUrl}' must be an absolute http(s) address.", nameof(HubUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(JoinCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1);
        OptionRange.Check(BackfillThreshold, TimeSpan.Zero, TimeSpan.FromDays(1));
        // Polly's timeout strategy takes 10 ms to 1 day.
        OptionRange.Check(PublishTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        ArgumentOutOfRangeException.ThrowIfNegative(PublishRetries);
        OptionRange.Check(ConnectTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        OptionRange.Check(RetryBaseDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        OptionRange.Check(RetryMaxDelay, RetryBaseDelay, TimeSpan.FromDays(1));
        if (BreakerFailureRatio is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BreakerFailureRatio), BreakerFailureRatio, $"{nameof(BreakerFailureRatio)} must be in (0, 1].");
        }

        // Polly's circuit breaker: at least 2 calls, a window and a break of at least 0.5 s.
        ArgumentOutOfRangeException.ThrowIfLessThan(BreakerMinimumThroughput, 2);
        OptionRange.Check(BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        OptionRange.Check(BreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1));
        OptionRange.Check(TokenRefreshMargin, TimeSpan.Zero, TimeSpan.FromDays(1));
        OptionRange.Check(RestartDelay, TimeSpan.Zero, TimeSpan.FromDays(1));
        if (ClockSmoothing is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ClockSmoothing), ClockSmoothing, $"{nameof(ClockSmoothing)} must be in (0, 1].");
        }
    }
}
