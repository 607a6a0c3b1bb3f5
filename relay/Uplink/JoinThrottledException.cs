using System.Net;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>The hub answered 429: retry after <see cref="RetryAfter"/> (when it said), not sooner.</summary>
internal sealed class JoinThrottledException(TimeSpan? retryAfter)
    : HttpRequestException($"The hub is rate-limiting joins; retry after {retryAfter?.TotalSeconds ?? 0:0} s.", null, HttpStatusCode.TooManyRequests)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
