using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Recognises the hub's refusal of a batch for good: a <see cref="HubException"/> "Batch rejected: samples[1].cadenceSpm
/// (seq 42) is 900 steps/min; … Nothing of it was recorded." (docs/protocol.md §4). Sending the same readings again can
/// only be refused again, so the uplink moves them to the outbox's dead letters instead of retrying.
/// </summary>
internal static partial class HubBatchRefusal
{
    /// <summary>
    /// True when <paramref name="exception"/> is that refusal; <paramref name="reason"/> is the hub's words and
    /// <paramref name="seq"/> the one reading it names, when it names one.
    /// </summary>
    public static bool TryRead(Exception? exception, out string reason, out long? seq)
    {
        reason = "";
        seq = null;
        if (exception is not HubException hub || hub.Message is null)
        {
            return false;
        }

        // SignalR's client prefixes the server's message, so the pattern is searched, not anchored.
        var match = RefusalPattern().Match(hub.Message);
        if (!match.Success)
        {
            return false;
        }

        reason = match.Groups[1].Value.TrimEnd('.', ' ');
        var named = SeqPattern().Match(reason);
        if (named.Success && long.TryParse(named.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            seq = s;
        }

        return true;
    }

    [GeneratedRegex(@"Batch rejected: (.*?)\s*Nothing of it was recorded", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex RefusalPattern();

    [GeneratedRegex(@"\(seq (\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex SeqPattern();
}
