using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Markers;

/// <summary>A session's markers as its snapshots show them, ordered by <c>at</c> (then id); thread-safe.</summary>
internal sealed class SessionMarkers
{
    private readonly Lock _gate = new();
    private readonly List<SessionMarker> _markers;

    public SessionMarkers(IEnumerable<SessionMarker> recorded)
    {
        _markers = [.. recorded];
        _markers.Sort(Compare);
    }

    /// <summary>Adds a marker in its place; false when one with its id is known already (read from the recording, then heard over the bus).</summary>
    public bool Add(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        lock (_gate)
        {
            if (_markers.Exists(m => m.MarkerId == marker.MarkerId))
            {
                return false;
            }

            var at = _markers.BinarySearch(marker, Comparer<SessionMarker>.Create(Compare));
            _markers.Insert(at < 0 ? ~at : at, marker);
            return true;
        }
    }

    public SessionMarker[] All()
    {
        lock (_gate)
        {
            return [.. _markers];
        }
    }

    private static int Compare(SessionMarker? a, SessionMarker? b) =>
        a!.At != b!.At ? a.At.CompareTo(b.At) : a.MarkerId.CompareTo(b.MarkerId);
}
