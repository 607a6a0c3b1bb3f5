using System.Globalization;
using Microsoft.Extensions.Primitives;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Review;

/// <summary>
/// The query of <c>GET /api/sessions/{id}/series</c>, parsed by hand so each mistake gets its own message:
/// <c>runnerId</c> (repeatable), <c>metric</c>, <c>from</c>/<c>to</c> (unix ms, default the session's first and last
/// sample) and <c>points</c> (1..2000, default 500).
/// </summary>
internal sealed record SeriesQuery(string[] RunnerIds, string Metric, long? From, long? To, int Points)
{
    /// <summary>The parsed query, or the reason (a metric label) and message of the 400.</summary>
    public static (SeriesQuery? Query, string? Reason, string? Error) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var runners = query["runnerId"].Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!).Distinct(StringComparer.Ordinal).ToArray();
        if (runners.Length == 0)
        {
            return (null, "runner", "runnerId is required (repeat it for several runners): see the session's runners with GET /api/sessions/{id}");
        }

        var metric = query["metric"].ToString();
        if (!SampleMetrics.Columns.ContainsKey(metric))
        {
            return (null, "metric", $"metric '{metric}' is not a numeric sample field; use one of: {string.Join(", ", SampleMetrics.Names)}");
        }

        if (!TryLong(query["from"], out var from) || !TryLong(query["to"], out var to))
        {
            return (null, "range", "from and to are unix milliseconds (integers), e.g. from=1764000000000; leave them out for the whole session");
        }

        if (from is { } f && to is { } t && f > t)
        {
            return (null, "range", $"from ({f}) is after to ({t}); send from <= to");
        }

        var points = RunnerSeries.DefaultPoints;
        if (query["points"] is { Count: > 0 } p
            && (!int.TryParse(p.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out points) || points is < 1 or > RunnerSeries.MaxPoints))
        {
            return (null, "points", $"points is '{p}'; send 1..{RunnerSeries.MaxPoints} (default {RunnerSeries.DefaultPoints})");
        }

        return (new SeriesQuery(runners, metric, from, to, points), null, null);
    }

    private static bool TryLong(StringValues value, out long? parsed)
    {
        parsed = null;
        if (value.Count == 0 || string.IsNullOrEmpty(value.ToString()))
        {
            return true;
        }

        if (!long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            return false;
        }

        parsed = v;
        return true;
    }
}
