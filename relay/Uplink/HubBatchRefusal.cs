using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace MindMuscle.Live.Relay.Uplink;

/// <summary>
/// Recognises the hub's refusal of a batch: a <see cref="HubException"/> "Batch rejected (outOfRange):
/// samples[1].cadenceSpm (seq 42) is 900 steps/min; … Nothing of it was recorded." (docs/protocol.md §4). Only a value
/// refusal naming its reading is for good (sending that reading again can only be refused again); a refusal of the
/// relay's clock or batch size, or one without a code (an older hub), is the relay's to fix and is retried.
/// </summary>
internal static partial class HubBatchRefusal
{
    /// <summary>
    /// True when <paramref name="exception"/> is that refusal; <paramref name="reason"/> is the hub's words,
    /// <paramref name="code"/> its reason code when it gives one, and <paramref name="seq"/> the one reading it names.
    /// </summary>
    public static bool TryRead(Exception? exception, out string reason, out string? code, out long? seq)
    {
        reason = "";
        code = null;
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

        code = match.Groups[1].Success ? match.Groups[1].Value : null;
        reason = match.Groups[2].Value.TrimEnd('.', ' ');
        var named = SeqPattern().Match(reason);
        if (named.Success && long.TryParse(named.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            seq = s;
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="exception"/> refuses one named reading's values (out of range, not finite): that
    /// reading can never be recorded, so it is dead-lettered.
    /// </summary>
    public static bool IsForGood(Exception? exception, out string reason, out long seq)
    {
        seq = 0;
        if (!TryRead(exception, out reason, out var code, out var named) || named is not { } s || !IsValueRefusal(code))
        {
            return false;
        }

        seq = s;
        return true;
    }

    /// <summary>What the user can do about a refusal that is not for good, in the hub's reason code's terms.</summary>
    public static string Advice(string? code) => code switch
    {
        "observedAt" => "check the relay's clock: it must be within 5 minutes of UTC; its readings are kept and sent again",
        "batchTooLarge" => "the hub takes smaller batches than this relay sends: raise the hub's Hub:MaxBatchSamples; the readings are kept and sent again",
        _ => "the readings are kept and sent again; if this goes on, update the relay or tell the hub's operator",
    };

    private static bool IsValueRefusal(string? code) => code is "outOfRange" or "notFinite";

    [GeneratedRegex(@"Batch rejected(?: \((\w+)\))?: (.*?)\s*Nothing of it was recorded", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex RefusalPattern();

    [GeneratedRegex(@"\(seq (\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex SeqPattern();
}
