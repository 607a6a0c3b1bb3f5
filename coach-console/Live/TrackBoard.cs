using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// The session's track picture as the hub tells it (<c>RepCompleted</c>, <c>LapCompleted</c>, <c>MarkerAdded</c>, and
/// <c>repFade</c> alerts): each runner's reps and laps for the rep matrix, the coaches' markers, and the feed lines.
/// </summary>
internal sealed class TrackBoard
{
    public const int MaxFeed = 200;
    public const int MaxMarkers = 1000;

    private readonly Dictionary<string, RunnerTrack> _runners = new(StringComparer.Ordinal);
    private readonly List<TrackFeedEntry> _feed = [];
    private readonly List<SessionMarker> _markers = [];

    /// <summary>Reps completed and markers added, newest first.</summary>
    public IReadOnlyList<TrackFeedEntry> Feed => _feed;

    /// <summary>Markers in the order they came (the newest <see cref="MaxMarkers"/>).</summary>
    public IReadOnlyList<SessionMarker> Markers => _markers;

    /// <summary>The most reps any runner has completed: the matrix's width.</summary>
    public int MaxRepCount => _runners.Count == 0 ? 0 : _runners.Values.Max(r => r.Reps.Count == 0 ? 0 : r.Reps[^1].Number);

    public RunnerTrack? For(string runnerId) => _runners.GetValueOrDefault(runnerId);

    /// <summary>Why the reps and laps run before this console watched could not be read, if they could not.</summary>
    public string? BackfillError { get; private set; }

    /// <summary>
    /// The reps and laps so far, read after a snapshot: merged in (a rep already known keeps whichever knows its drops),
    /// without feed lines, which are for what happens while the coach watches.
    /// </summary>
    public void Apply(TrackBackfilled backfilled)
    {
        ArgumentNullException.ThrowIfNull(backfilled);
        BackfillError = backfilled.Error;
        foreach (var runner in backfilled.Track.Runners)
        {
            var track = GetOrAdd(runner.RunnerId);
            foreach (var rep in runner.Reps)
            {
                Merge(track, rep, recovered: rep.HrDrop60Bpm is not null);
            }

            if (runner.Laps.Count > 0 && (track.LastLap is null || runner.Laps[^1].Number > track.LastLap.Number))
            {
                track.LastLap = runner.Laps[^1];
            }
        }

        foreach (var fade in backfilled.Track.RepFades)
        {
            Note(fade);
        }
    }

    /// <summary>A rep ended (added), or its recovery became known (its drops filled in, no new feed line).</summary>
    public void Apply(RepCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (Merge(GetOrAdd(completed.RunnerId), completed.Rep, completed.Recovered))
        {
            AddFeed(new TrackFeedEntry(completed.Rep.EndedAt, completed.RunnerId, completed.Rep, null));
        }
    }

    /// <summary>Adds the rep in number order, or updates the known one; true when it was new.</summary>
    private static bool Merge(RunnerTrack track, Rep rep, bool recovered)
    {
        var known = track.Reps.FindIndex(r => r.Number == rep.Number);
        if (known >= 0)
        {
            // Recovered after Completed, or the same rep again after a resync: keep whichever knows more.
            track.Reps[known] = recovered || track.Reps[known].HrDrop60Bpm is null ? rep : track.Reps[known];
            return false;
        }

        var at = track.Reps.FindIndex(r => r.Number > rep.Number);
        track.Reps.Insert(at < 0 ? track.Reps.Count : at, rep);
        return true;
    }

    public void Apply(LapCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var track = GetOrAdd(completed.RunnerId);
        if (track.LastLap is null || completed.Lap.Number > track.LastLap.Number)
        {
            track.LastLap = completed.Lap;
        }
    }

    public void Apply(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        if (_markers.Exists(m => m.MarkerId == marker.MarkerId && m.SessionId == marker.SessionId))
        {
            return;
        }

        _markers.Add(marker);
        if (_markers.Count > MaxMarkers)
        {
            _markers.RemoveAt(0);
        }

        AddFeed(new TrackFeedEntry(marker.At, marker.RunnerId, null, marker));
    }

    /// <summary>A <c>repFade</c> alert: the rule raises it on the sample that completed the faded rep.</summary>
    public void Note(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Kind == AlertKind.RepFade)
        {
            var fades = GetOrAdd(alert.RunnerId).FadeAlertTimes;
            if (!fades.Contains(alert.StartedAt))
            {
                fades.Add(alert.StartedAt);
            }
        }
    }

    public void Clear()
    {
        BackfillError = null;
        _runners.Clear();
        _feed.Clear();
        _markers.Clear();
    }

    private RunnerTrack GetOrAdd(string runnerId)
    {
        if (!_runners.TryGetValue(runnerId, out var track))
        {
            track = new RunnerTrack();
            _runners.Add(runnerId, track);
        }

        return track;
    }

    private void AddFeed(TrackFeedEntry entry)
    {
        _feed.Insert(0, entry);
        if (_feed.Count > MaxFeed)
        {
            _feed.RemoveAt(_feed.Count - 1);
        }
    }
}

/// <summary>One runner's reps (by number), last lap and the times its <c>repFade</c> alerts were raised.</summary>
internal sealed class RunnerTrack
{
    public List<Rep> Reps { get; } = [];

    public Lap? LastLap { get; set; }

    public List<long> FadeAlertTimes { get; } = [];

    public Rep? Find(int number) => Reps.Find(r => r.Number == number);

    /// <summary>
    /// The rule judges a rep once, when it completes, which is after the rep's end and before the next rep's: a fade
    /// alert raised in between is this rep's.
    /// </summary>
    public bool IsFaded(Rep rep)
    {
        ArgumentNullException.ThrowIfNull(rep);
        var next = Reps.Find(r => r.Number > rep.Number)?.EndedAt ?? long.MaxValue;
        return FadeAlertTimes.Exists(t => t >= rep.EndedAt && t < next);
    }
}

/// <summary>One track line of the feed: a rep that ended or a marker (<see cref="RunnerId"/> null: the group's).</summary>
internal sealed record TrackFeedEntry(long At, string? RunnerId, Rep? Rep, SessionMarker? Marker);
