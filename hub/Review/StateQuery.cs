using System.Globalization;

namespace MindMuscle.Live.Hub.Review;

/// <summary>
/// The query of <c>GET /api/sessions/{id}/state</c>: <c>at</c> (unix ms, required) and <c>runnerId</c> (optional,
/// repeatable; every runner when absent). Each mistake gets its own message and counted reason.
/// </summary>
internal sealed record StateQuery(long At, string[] RunnerIds)
{
    /// <summary>Latest instant accepted: the end of year 9999, as far as a <see cref="DateTimeOffset"/> goes.</summary>
    public const long MaxAt = 253_402_300_799_999;

    /// <summary>The parsed query, or the reason (a metric label) and message of the 400.</summary>
    public static (StateQuery? Query, string? Reason, string? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query["at"];
        if (text.Count == 0 || string.IsNullOrWhiteSpace(text.ToString()))
        {
            return (null, "missing", "at is required: the instant in unix milliseconds, e.g. at=1764000000000 (the timeline's from..to)");
        }

        if (text.Count > 1 || !long.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
        {
            return (null, "format", $"at is '{text}'; send one instant in unix milliseconds (a whole number), e.g. at=1764000000000");
        }

        if (at > MaxAt)
        {
            return (null, "range", $"at is {at}; send unix milliseconds between 0 and {MaxAt}");
        }

        var runners = query["runnerId"].Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!).Distinct(StringComparer.Ordinal).ToArray();
        return (new StateQuery(at, runners), null, null);
    }
}
