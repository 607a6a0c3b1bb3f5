using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Web.Runner;

/// <summary>
/// Recognises the hub's refusal of one reading for good: a <see cref="HubException"/> "Batch rejected (outOfRange):
/// samples[1].cadenceSpm (seq 42) is 900 steps/min; … Nothing of it was recorded." (docs/protocol.md §4). Only a value
/// refusal (<c>outOfRange</c>, <c>notFinite</c>) that names its seq is for good: sending that reading again can only be
/// refused again. A refusal of the clock or the batch size, or one without a code, keeps the readings (the relay's rule).
/// </summary>
public static partial class HubRefusal
{
    /// <summary>True when <paramref name="error"/> refuses one named reading for its values; the hub's words and its seq.</summary>
    public static bool IsForGood(Exception? error, out string reason, out long seq)
    {
        reason = "";
        seq = 0;
        if (error is not HubException { Message: { } message } || RefusalPattern().Match(message) is not { Success: true } match
            || match.Groups[1].Value is not ("outOfRange" or "notFinite"))
        {
            return false;
        }

        reason = match.Groups[2].Value.TrimEnd('.', ' ');
        var named = SeqPattern().Match(reason);
        return named.Success && long.TryParse(named.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }

    // SignalR's client prefixes the server's message, so the pattern is searched, not anchored.
    [GeneratedRegex(@"Batch rejected \((\w+)\): (.*?)\s*Nothing of it was recorded", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex RefusalPattern();

    [GeneratedRegex(@"\(seq (\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex SeqPattern();
}
