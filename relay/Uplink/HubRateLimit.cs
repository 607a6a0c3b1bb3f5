using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Recognises the hub's publish rate-limit refusal: a <see cref="HubException"/> whose message reads
/// "Rate limited: … retry after N ms; nothing of this batch was recorded." (docs/protocol.md §6). The batch is intact in
/// the outbox; the uplink waits about N ms and sends it again, and never counts it as a hub failure.
/// </summary>
internal static partial class HubRateLimit
{
    /// <summary>Longest wait taken from a hub's hint; a larger number is treated as this (a garbled hint must not stall a runner for hours).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="exception"/> is the hub's rate-limit refusal; <paramref name="retryAfter"/> is its hint.</summary>
    public static bool TryGetRetryAfter(Exception? exception, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (exception is not HubException hub || hub.Message is null)
        {
            return false;
        }

        // SignalR's client prefixes the server's message ("An unexpected error occurred invoking 'Publish' on the server.
        // HubException: Rate limited: …"), so the pattern is searched, not anchored.
        var match = RefusalPattern().Match(hub.Message);
        if (!match.Success)
        {
            return false;
        }

        retryAfter = long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ms <= MaxRetryAfter.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : MaxRetryAfter;
        return true;
    }

    [GeneratedRegex(@"Rate limited: .*?retry after (\d+) ms", RegexOptions.CultureInvariant)]
    private static partial Regex RefusalPattern();
}
