using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Core.Track;

/// <summary>Which of a session's markers set a runner's reps and laps, as <see cref="TrackMarker"/>s.</summary>
public static class TrackMarkers
{
    /// <summary>True when <paramref name="marker"/> is about <paramref name="runnerId"/>: its own, or the whole group's.</summary>
    public static bool AppliesTo(SessionMarker marker, string runnerId)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return marker.RunnerId is null || string.Equals(marker.RunnerId, runnerId, StringComparison.Ordinal);
    }

    /// <summary>The track mark of a <c>lap</c>, <c>repStart</c> or <c>repEnd</c> marker; null for a note.</summary>
    public static TrackMarker? From(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return marker.Kind switch
        {
            MarkerKind.Lap => new TrackMarker(marker.At, TrackMarkerKind.Lap),
            MarkerKind.RepStart => new TrackMarker(marker.At, TrackMarkerKind.RepStart),
            MarkerKind.RepEnd => new TrackMarker(marker.At, TrackMarkerKind.RepEnd),
            _ => null,
        };
    }

    /// <summary>Inserts <paramref name="marker"/> after the marks at or before its time (marks at the same time keep their order).</summary>
    internal static void InsertInOrder(List<TrackMarker> marks, TrackMarker marker)
    {
        var i = marks.Count;
        while (i > 0 && marks[i - 1].At > marker.At)
        {
            i--;
        }

        marks.Insert(i, marker);
    }

    /// <summary>
    /// The marks of one runner among a session's markers (its own and the group's; notes left out) in time order, ready for
    /// <see cref="RepDetector"/> and <see cref="LapCounter"/>. Marks at the same time keep the markers' order.
    /// </summary>
    public static List<TrackMarker> ForRunner(IEnumerable<SessionMarker> markers, string runnerId)
    {
        ArgumentNullException.ThrowIfNull(markers);
        return [.. markers
            .Where(m => AppliesTo(m, runnerId))
            .Select(From)
            .OfType<TrackMarker>()
            .OrderBy(m => m.At)];
    }
}
