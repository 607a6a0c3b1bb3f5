using Microsoft.AspNetCore.SignalR.Client;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// Reconnects forever: a tablet at the trackside never gives up because the hub restarted or the Wi-Fi dropped.
/// Quick first tries (a restart takes seconds), then a steady pace that does not hammer a hub that is down.
/// </summary>
public sealed class ForeverRetryPolicy : IRetryPolicy
{
    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5),
    ];

    public static TimeSpan MaxDelay { get; } = TimeSpan.FromSeconds(5);

    public static TimeSpan DelayFor(long previousRetryCount) =>
        previousRetryCount < Steps.Length ? Steps[previousRetryCount] : MaxDelay;

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        ArgumentNullException.ThrowIfNull(retryContext);
        return DelayFor(retryContext.PreviousRetryCount);
    }
}
