using MindMuscle.Live.Core.Fit;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Export;

/// <summary>
/// One runner's recording as an activity (records per second, laps per rep and recovery or per 400 m, session totals),
/// the one shape the FIT, TCX and lap exports are written from, so they agree with each other and with core's track.
/// </summary>
internal static class RunnerActivity
{
    /// <summary>Null when the runner has no recorded sample.</summary>
    public static async Task<FitActivity?> LoadAsync(RecordingStore store, string sessionId, string runnerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var reader = await store.OpenReaderAsync(ct);
        // Time order, not seq order: an uploaded watch recording's seconds are numbered after the live ones but fall among them.
        var samples = new List<MetricSample>();
        await foreach (var s in reader.ReadRunnerAsync(sessionId, runnerId, ct))
        {
            samples.Add(s);
        }

        var builder = new FitActivityBuilder();
        foreach (var s in samples.OrderBy(s => s.ObservedAt).ThenBy(s => s.Seq))
        {
            builder.Add(s);
        }

        return builder.Build(new FitCreator { SerialNumber = FitCreator.SerialFor(sessionId, runnerId) });
    }

    /// <summary>The records of each lap, in order: those from its start to the next lap's start, the last lap taking the rest.</summary>
    public static IEnumerable<(FitLap Lap, ArraySegment<FitRecord> Records)> RecordsByLap(FitActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var records = activity.Records as FitRecord[] ?? [.. activity.Records];
        var from = 0;
        for (var i = 0; i < activity.Laps.Count; i++)
        {
            var to = from;
            var lastLap = i == activity.Laps.Count - 1;
            var end = lastLap ? long.MaxValue : activity.Laps[i + 1].Totals.StartedAt;
            while (to < records.Length && records[to].Timestamp < end)
            {
                to++;
            }

            yield return (activity.Laps[i], new ArraySegment<FitRecord>(records, from, to - from));
            from = to;
        }
    }
}
