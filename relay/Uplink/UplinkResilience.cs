using MindMuscle.Live.Core.Samples;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// The Polly pipelines around connect and publish: retry (exponential backoff with jitter) outermost, then a circuit
/// breaker, then a per-attempt timeout, then whatever the options add (chaos in tests).
/// </summary>
internal static class UplinkResilience
{
    /// <summary>
    /// Connect retries forever: a runner's relay keeps trying for the whole run. <paramref name="onRetry"/> is told of each
    /// failed attempt and the wait before the next (the status line shows both).
    /// </summary>
    public static ResiliencePipeline BuildConnect(UplinkOptions options, TimeProvider time, Action<Exception?, TimeSpan>? onRetry = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = "relay-connect" }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = RetryOn,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                MaxRetryAttempts = int.MaxValue,
                // A 429 says how long to wait; jittered backoff applies otherwise.
                DelayGenerator = static args => ValueTask.FromResult(
                    args.Outcome.Exception is JoinThrottledException { RetryAfter: { } after } ? after + JoinJitter() : (TimeSpan?)null),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(Breaker(options))
            .AddTimeout(options.ConnectTimeout);
        options.ConfigureConnect?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>
    /// Publish retries a few times; after that the pump abandons the window and resends from the last ack. The hub's
    /// rate-limit refusal is retried apart from that count, for as long as it lasts, after the wait the hub names (plus
    /// up to as much again as jitter, so a window of batches does not come back at once); it never trips the breaker,
    /// since the hub answered. <paramref name="onRateLimited"/> is told of each such refusal.
    /// </summary>
    public static ResiliencePipeline<PublishAck> BuildPublish(UplinkOptions options, TimeProvider time, Action<TimeSpan>? onRateLimited = null)
    {
        var builder = new ResiliencePipelineBuilder<PublishAck> { TimeProvider = time, Name = "relay-publish" };
        builder.AddRetry(new RetryStrategyOptions<PublishAck>
        {
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome.Exception, args.Context)
                && (HubRateLimit.TryGetRetryAfter(args.Outcome.Exception, out _) || args.AttemptNumber < options.PublishRetries)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            MaxRetryAttempts = int.MaxValue,
            DelayGenerator = args => ValueTask.FromResult(
                HubRateLimit.TryGetRetryAfter(args.Outcome.Exception, out var after) ? after + RateLimitJitter(after) : (TimeSpan?)null),
            OnRetry = args =>
            {
                if (HubRateLimit.TryGetRetryAfter(args.Outcome.Exception, out var after))
                {
                    onRateLimited?.Invoke(after);
                }

                return ValueTask.CompletedTask;
            },
        });

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<PublishAck>
        {
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome.Exception, args.Context) && !HubRateLimit.TryGetRetryAfter(args.Outcome.Exception, out _)),
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
        }).AddTimeout(options.PublishTimeout);
        options.ConfigurePublish?.Invoke(builder);
        return builder.Build();
    }

    private static CircuitBreakerStrategyOptions Breaker(UplinkOptions options) => new()
    {
        ShouldHandle = BreakOn,
        FailureRatio = options.BreakerFailureRatio,
        MinimumThroughput = options.BreakerMinimumThroughput,
        SamplingDuration = options.BreakerSamplingDuration,
        BreakDuration = options.BreakerBreakDuration,
    };

    /// <summary>
    /// Everything but the caller's own cancellation, a join the hub refused for good and a batch it refused for good is
    /// worth another try; that includes the OperationCanceledException SignalR fails pending invocations with when the
    /// connection closes.
    /// </summary>
#pragma warning disable CA5394 // jitter, not security
    private static TimeSpan JoinJitter() => TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000));

    private static TimeSpan RateLimitJitter(TimeSpan after) => after * Random.Shared.NextDouble();
#pragma warning restore CA5394

    private static bool IsTransient(Exception? exception, ResilienceContext context) =>
        exception is not null and not JoinRejectedException && !context.CancellationToken.IsCancellationRequested
        && !HubBatchRefusal.TryRead(exception, out _, out _, out _);

    private static ValueTask<bool> RetryOn(RetryPredicateArguments<object> args) =>
        ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context));

    private static ValueTask<bool> BreakOn(CircuitBreakerPredicateArguments<object> args) =>
        ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context));
}
