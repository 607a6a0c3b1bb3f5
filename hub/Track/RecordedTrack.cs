using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Track;

/// <summary>
/// Runs core's <see cref="RepDetector"/> and <see cref="LapCounter"/> (default options, as the alert engine's repFade
/// rule does) over each runner's recorded samples in seq order, one runner at a time, so memory stays one runner's,
/// with the recorded <c>lap</c>/<c>repStart</c>/<c>repEnd</c> markers of the runner and of the group overriding detection.
/// Every runner of the session is listed, by runner id; a rep still under way at the last sample is not.
/// </summary>
internal static class RecordedTrack
{
    public static async Task<List<RunnerReps>> RepsAsync(
        RecordingReader reader, string sessionId, IReadOnlyDictionary<string, string> runnerNames, string? onlyRunner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var markers = await reader.ReadMarkersAsync(sessionId, ct);
        var result = new List<RunnerReps>();
        var events = new List<RepEvent>();
        string? current = null;
        RepDetector? detector = null;
        List<Rep> reps = [];
        await foreach (var (runnerId, sample) in reader.ReadSamplesAsync(sessionId, onlyRunner, long.MinValue, long.MaxValue, ct))
        {
            if (runnerId != current)
            {
                Flush();
                (current, detector, reps) = (runnerId, new RepDetector(markers: TrackMarkers.ForRunner(markers, runnerId)), []);
            }

            detector!.Observe(sample, events);
            foreach (var e in events)
            {
                // A recovery is the same rep again with its heart-rate drops: it replaces the completed one.
                if (e.Kind == RepEventKind.Completed)
                {
                    reps.Add(e.Rep);
                }
                else if (reps.FindIndex(r => r.Number == e.Rep.Number) is var i and >= 0)
                {
                    reps[i] = e.Rep;
                }
            }

            events.Clear();
        }

        Flush();
        return WithSilentRunners(result, runnerNames, r => r.RunnerId, (id, name) => new RunnerReps(id, name, []));

        void Flush()
        {
            if (current is not null)
            {
                result.Add(new RunnerReps(current, runnerNames.GetValueOrDefault(current), reps));
            }
        }
    }

    public static async Task<List<RunnerLaps>> LapsAsync(
        RecordingReader reader, string sessionId, IReadOnlyDictionary<string, string> runnerNames, string? onlyRunner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var markers = await reader.ReadMarkersAsync(sessionId, ct);
        var result = new List<RunnerLaps>();
        string? current = null;
        LapCounter? counter = null;
        List<Lap> laps = [];
        await foreach (var (runnerId, sample) in reader.ReadSamplesAsync(sessionId, onlyRunner, long.MinValue, long.MaxValue, ct))
        {
            if (runnerId != current)
            {
                Flush();
                (current, counter, laps) = (runnerId, new LapCounter(markers: TrackMarkers.ForRunner(markers, runnerId)), []);
            }

            counter!.Observe(sample, laps);
        }

        Flush();
        return WithSilentRunners(result, runnerNames, r => r.RunnerId, (id, name) => new RunnerLaps(id, name, []));

        void Flush()
        {
            if (current is not null)
            {
                result.Add(new RunnerLaps(current, runnerNames.GetValueOrDefault(current), laps));
            }
        }
    }

    /// <summary>Adds the runners without a sample (empty lists) so a coach sees every runner, and orders all by runner id.</summary>
    private static List<T> WithSilentRunners<T>(
        List<T> found, IReadOnlyDictionary<string, string> runnerNames, Func<T, string> runnerId, Func<string, string, T> empty)
    {
        var seen = found.Select(runnerId).ToHashSet(StringComparer.Ordinal);
        found.AddRange(runnerNames.Where(r => !seen.Contains(r.Key)).Select(r => empty(r.Key, r.Value)));
        found.Sort((a, b) => string.CompareOrdinal(runnerId(a), runnerId(b)));
        return found;
    }
}
