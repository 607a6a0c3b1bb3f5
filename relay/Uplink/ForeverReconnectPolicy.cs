using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// SignalR automatic reconnect that never gives up (a run goes on while the hub is away): exponential backoff with full
/// jitter, capped. A 401 on a reconnect attempt invalidates the token so the next attempt rejoins first;
/// <paramref name="onRetry"/> is told of each failure and the wait before the next attempt.
/// </summary>
internal sealed class ForeverReconnectPolicy(
    TimeSpan baseDelay, TimeSpan maxDelay, Action onUnauthorized, Action<Exception?, TimeSpan>? onRetry = null) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        ArgumentNullException.ThrowIfNull(retryContext);
        if (IsUnauthorized(retryContext.RetryReason))
        {
            onUnauthorized();
        }

        var delay = Delay(retryContext.PreviousRetryCount);
        onRetry?.Invoke(retryContext.RetryReason, delay);
        return delay;
    }

    private TimeSpan Delay(long previousRetries)
    {
        if (previousRetries == 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(previousRetries, 16);
        var cap = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent - 1));
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds((cap / 2) + (Random.Shared.NextDouble() * cap / 2));
#pragma warning restore CA5394
    }

    /// <summary>
    /// A refused WebSocket handshake surfaces as an HttpRequestException with the status, or (SkipNegotiation) as a
    /// WebSocketException naming the status code.
    /// </summary>
    public static bool IsUnauthorized(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized }
                || (e is WebSocketException && e.Message.Contains("'401'", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
