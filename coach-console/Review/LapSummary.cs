using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.CoachConsole.Review;

/// <summary>Averages over one lap (400 m of distance, or the whole run when the sensors sent no distance).</summary>
internal sealed record LapStats(
    int Lap, double? FromM, double? ToM, TimeSpan Duration, double? HeartRate, double? Cadence, double? SpeedMps,
    double? Stride, double? GroundContact, double? VerticalOscillation, double? Power, double? BalanceLeft, int Samples);

/// <summary>The summary numbers of the report: laps, time in each alert, cues sent and heard.</summary>
internal static class LapSummary
{
    public const double LapMeters = 400;

    public static IReadOnlyList<LapStats> Laps(IReadOnlyList<MetricSample> samples, double lapMeters = LapMeters)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return [];
        }

        var ordered = samples.OrderBy(s => s.ObservedAt).ToList();
        if (!ordered.Exists(s => s.DistanceM is not null))
        {
            return [Stats(1, null, null, ordered)];
        }

        // Samples without distance (an HR-only notification) belong to the lap of the last distance seen.
        var laps = new List<LapStats>();
        var current = new List<MetricSample>();
        var lap = 0;
        double? lastDistance = null;
        foreach (var sample in ordered)
        {
            lastDistance = sample.DistanceM ?? lastDistance;
            // A lap is (start, end]: the sample that reads exactly 400 m closes lap 1 rather than opening lap 2.
            var index = lastDistance is { } d && d > 0 ? (int)Math.Ceiling(d / lapMeters) - 1 : 0;
            if (index != lap && current.Count > 0)
            {
                laps.Add(Stats(lap + 1, lap * lapMeters, (lap + 1) * lapMeters, current));
                current = [];
            }

            lap = index;
            current.Add(sample);
        }

        if (current.Count > 0)
        {
            laps.Add(Stats(lap + 1, lap * lapMeters, lastDistance, current));
        }

        return laps;
    }

    /// <summary>Time each alert kind was open for the runner; an alert still open counts up to <paramref name="endAt"/>.</summary>
    public static IReadOnlyDictionary<AlertKind, TimeSpan> TimeInAlerts(IEnumerable<FormAlert> alerts, long endAt)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return alerts
            .GroupBy(a => a.Kind)
            .ToDictionary(g => g.Key, g => TimeSpan.FromMilliseconds(g.Sum(a => Math.Max(0, (a.ClearedAt ?? endAt) - a.StartedAt))));
    }

    /// <summary>Cues sent to the runner and how many were spoken in the runner's ears.</summary>
    public static (int Sent, int Heard, int Expired) Cues(IEnumerable<CueUpdate> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var latest = cues.GroupBy(c => c.CueId).Select(g => g.OrderByDescending(c => c.At).ThenByDescending(c => c.Status).First()).ToList();
        return (latest.Count, latest.Count(c => c.Status == CueStatus.Spoken), latest.Count(c => c.Status is CueStatus.Expired or CueStatus.Dropped));
    }

    private static LapStats Stats(int lap, double? from, double? to, List<MetricSample> samples) => new(
        lap, from, to,
        TimeSpan.FromMilliseconds(samples[^1].ObservedAt - samples[0].ObservedAt),
        Mean(samples.Select(s => (double?)s.HeartRateBpm)),
        Mean(samples.Select(s => s.CadenceSpm)),
        Mean(samples.Select(s => s.SpeedMps)),
        Mean(samples.Select(s => s.StrideLengthM)),
        Mean(samples.Select(s => s.GroundContactMs)),
        Mean(samples.Select(s => s.VerticalOscillationCm)),
        Mean(samples.Select(s => (double?)s.PowerW)),
        Mean(samples.Select(s => s.GctBalanceLeftPct)),
        samples.Count);

    public static double? Mean(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var present = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
