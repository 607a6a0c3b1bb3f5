using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Markers;

namespace MindMuscle.Live.Hub.Track;

/// <summary>
/// A session's live reps and laps: a <see cref="RunnerTrack"/> per runner whose samples reach this node, started at its
/// first samples with the session's markers so far (<see cref="LiveTrackFeeder"/> catches it up on the recording).
/// Dropped when the session ends.
/// </summary>
internal sealed class SessionLiveTrack(string sessionId, SessionMarkers markers, SessionFanOut fanOut)
{
    private readonly ConcurrentDictionary<string, RunnerTrack> _runners = new(StringComparer.Ordinal);

    // Creating a runner's track and marking every track take this lock, so a marker recorded meanwhile reaches the new
    // track either from the session's markers or through Mark, never neither (twice is harmless: marker ids dedupe).
    private readonly Lock _gate = new();
    private bool _ended;

    /// <summary>
    /// Feeds one runner's new samples (seq order) to its track; false when the runner has no track yet
    /// (<see cref="Start"/> it). The caller serialises the runner's publishes.
    /// </summary>
    /// <param name="runnerId">The runner.</param>
    /// <param name="samples">Its new samples.</param>
    /// <param name="fed">The reps they completed and a failure of the track to report.</param>
    public bool TryFeed(string runnerId, MetricSample[] samples, out TrackFed fed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!_runners.TryGetValue(runnerId, out var track))
        {
            fed = default;
            return Volatile.Read(ref _ended);
        }

        fed = track.Feed(samples, fanOut);
        return true;
    }

    /// <summary>The runner's first two reps so far; none without a track.</summary>
    public Rep[] FirstReps(string runnerId) => _runners.TryGetValue(runnerId, out var track) ? track.FirstReps() : [];

    /// <summary>The runner's track, created with the session's markers so far (null once the session ended).</summary>
    public RunnerTrack? Start(string runnerId)
    {
        lock (_gate)
        {
            return _ended ? null : _runners.GetOrAdd(runnerId, id => new RunnerTrack(sessionId, id, markers.All()));
        }
    }

    /// <summary>The coaches of the session, for a started track's first feed.</summary>
    public SessionFanOut FanOut => fanOut;

    /// <summary>A marker was recorded (here or on another node): the runner's track, or every track for a group marker.</summary>
    /// <returns>How many runners' tracks it came too late for (a later mark was applied already).</returns>
    public int Mark(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        lock (_gate)
        {
            if (marker.RunnerId is { } runnerId)
            {
                return _runners.TryGetValue(runnerId, out var one) && !one.Mark(marker) ? 1 : 0;
            }

            var late = 0;
            foreach (var (_, track) in _runners)
            {
                late += track.Mark(marker) ? 0 : 1;
            }

            return late;
        }
    }

    /// <summary>The session ended: its tracks are dropped and no new one starts (a relay may still flush its outbox).</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
            _runners.Clear();
        }
    }
}
