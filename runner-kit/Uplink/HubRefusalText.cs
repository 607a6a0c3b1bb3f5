using System.Globalization;
using System.Text.RegularExpressions;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.RunnerKit.Uplink;

/// <summary>
/// Reads the hub's refusal of a published batch (<see cref="LiveHubContract.BatchRejectedFormat"/>, docs/protocol.md
/// §4) from the error text a runner's client sees: "Batch rejected (outOfRange): samples[1].cadenceSpm (seq 42) is
/// 900 steps/min; … Nothing of it was recorded." Each runner checks that the error is the hub's own first.
/// </summary>
public static class HubRefusalText
{
    // Built from the hub's own format, so the two cannot drift apart. The code is optional: an older hub gave none.
    // SignalR's client prefixes the server's message, so the pattern is searched, not anchored.
    private static readonly Regex Refusal = BuildPattern();

    private static readonly Regex NamedSeq = new(@"\(seq (\d+)\)", RegexOptions.CultureInvariant);

    /// <summary>
    /// True when <paramref name="message"/> is the hub's refusal of a batch; <paramref name="reason"/> is the hub's
    /// words, <paramref name="code"/> its reason code when it gives one, and <paramref name="seq"/> the reading it names.
    /// </summary>
    public static bool TryRead(string? message, out string reason, out string? code, out long? seq)
    {
        reason = "";
        code = null;
        seq = null;
        if (message is null || Refusal.Match(message) is not { Success: true } match)
        {
            return false;
        }

        code = match.Groups[1].Success ? match.Groups[1].Value : null;
        reason = match.Groups[2].Value.TrimEnd('.', ' ');
        var named = NamedSeq.Match(reason);
        if (named.Success && long.TryParse(named.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            seq = s;
        }

        return true;
    }

    /// <summary>
    /// True when <paramref name="message"/> refuses one named reading for its values (out of range, not finite): sending
    /// it again can only be refused again. A refusal of the clock or the batch size, or one without a code, is not.
    /// </summary>
    public static bool IsForGood(string? message, out string reason, out long seq)
    {
        seq = 0;
        if (!TryRead(message, out reason, out var code, out var named) || named is not { } s || code is not ("outOfRange" or "notFinite"))
        {
            return false;
        }

        seq = s;
        return true;
    }

    private static Regex BuildPattern()
    {
        const string Format = LiveHubContract.BatchRejectedFormat;
        const string CodePart = " ({0}): ";
        const string WordsPart = "{1}";
        var codeAt = Format.IndexOf(CodePart, StringComparison.Ordinal);
        var wordsAt = Format.IndexOf(WordsPart, StringComparison.Ordinal);
        if (codeAt < 0 || wordsAt != codeAt + CodePart.Length)
        {
            throw new InvalidOperationException($"The hub's refusal format \"{Format}\" no longer reads \"<words>{CodePart}{WordsPart}<end>\"; update {nameof(HubRefusalText)}.");
        }

        var lead = Regex.Escape(Format[..codeAt]);
        var end = Regex.Escape(Format[(wordsAt + WordsPart.Length)..].TrimStart('.', ' ').TrimEnd('.'));
        return new Regex($@"{lead}(?: \((\w+)\))?: (.*?)\s*{end}", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
