using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Core.Fit;

/// <summary>
/// Which seconds of a watch recording join a runner's recorded session: those inside the session's window that the
/// live path did not record. They become samples marked backfilled, numbered after the runner's last seq. A second
/// already recorded is never added twice, so uploading the same file again adds nothing.
/// </summary>
public static class WatchRecordingMerge
{
    /// <param name="records">The watch's records, one per second.</param>
    /// <param name="windowStart">The session's start, UTC unix ms.</param>
    /// <param name="windowEnd">Its end (or now while it is live), UTC unix ms.</param>
    /// <param name="recordedSeconds">The unix seconds the runner already has samples in.</param>
    /// <param name="lastSeq">The runner's highest recorded seq (0 when none).</param>
    public static WatchMergePlan Plan(IEnumerable<FitRecord> records, long windowStart, long windowEnd, IReadOnlySet<long> recordedSeconds, long lastSeq)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(recordedSeconds);
        var added = new List<MetricSample>();
        var seen = new HashSet<long>();
        int skipped = 0, outside = 0;
        foreach (var r in records.OrderBy(r => r.Timestamp))
        {
            var second = Math.DivRem(r.Timestamp, 1000, out var rem) - (rem < 0 ? 1 : 0);
            if (r.Timestamp < windowStart || r.Timestamp > windowEnd)
            {
                outside++;
            }
            else if (recordedSeconds.Contains(second) || !seen.Add(second))
            {
                skipped++;
            }
            else
            {
                added.Add(r.ToSample(lastSeq + added.Count + 1, backfilled: true));
            }
        }

        return new WatchMergePlan(added, skipped, outside);
    }
}

/// <summary>The samples to add, how many records were skipped (their second already recorded) and how many fell outside the window.</summary>
public sealed record WatchMergePlan(IReadOnlyList<MetricSample> Added, int Skipped, int OutsideWindow);
