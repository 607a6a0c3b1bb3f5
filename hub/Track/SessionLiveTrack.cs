using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.FanOut;
using MindMuscle.Live.Hub.Markers;

namespace MindMuscle.Live.Hub.Track;

/// <summary>
/// A session's live reps and laps: a <see cref="RunnerTrack"/> per runner whose samples reach this node, created at its
/// first samples with the session's markers so far. Dropped when the session ends. A hub that restarts starts each runner
/// afresh (numbers from 1); <c>GET /api/sessions/{id}/reps</c> and <c>/laps</c> always compute the whole recording.
/// </summary>
internal sealed class SessionLiveTrack(string sessionId, SessionMarkers markers, SessionFanOut fanOut)
{
    private readonly ConcurrentDictionary<string, RunnerTrack> _runners = new(StringComparer.Ordinal);

    // Creating a runner's track and marking every track take this lock, so a marker recorded meanwhile reaches the new
    // track either from the session's markers or through Mark, never neither (twice is harmless: marker ids dedupe).
    private readonly Lock _gate = new();
    private bool _ended;

    /// <summary>Feeds one runner's new samples (seq order); the caller serialises the runner's publishes.</summary>
    public void Feed(string runnerId, MetricSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (!_runners.TryGetValue(runnerId, out var track))
        {
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                track = _runners.GetOrAdd(runnerId, id => new RunnerTrack(sessionId, id, markers.All()));
            }
        }

        track.Feed(samples, fanOut);
    }

    /// <summary>A marker was recorded (here or on another node): the runner's track, or every track for a group marker.</summary>
    public void Mark(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        lock (_gate)
        {
            if (marker.RunnerId is { } runnerId)
            {
                if (_runners.TryGetValue(runnerId, out var one))
                {
                    one.Mark(marker);
                }

                return;
            }

            foreach (var (_, track) in _runners)
            {
                track.Mark(marker);
            }
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
