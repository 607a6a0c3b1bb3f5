// Over 400 lines: the one view model every live event folds into; its Apply switch names each event once.
using MindMuscle.Live.CoachConsole.HubClient;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.CoachConsole.Live;

/// <summary>
/// Everything the live dashboard shows, built only from <see cref="LiveEvent"/>s: pure and single-threaded, so a test
/// feeds events and reads the result. <see cref="Version"/> moves on every change so the render loop can skip idle frames.
/// </summary>
internal sealed class LiveViewModel(TimeProvider time, TimeSpan? historyWindow = null)
{
    public const int MaxFeed = 200;
    private const double LagSmoothing = 0.2;

    private readonly TimeSpan _historyWindow = historyWindow ?? TimeSpan.FromMinutes(3);
    private readonly Dictionary<string, RunnerView> _byId = new(StringComparer.Ordinal);
    private readonly List<RunnerView> _runners = [];
    private readonly List<AlertFeedEntry> _alertFeed = [];
    private readonly Dictionary<string, CueUpdate> _cuesById = new(StringComparer.Ordinal);
    private readonly List<string> _cueOrder = [];

    public long Version { get; private set; }

    public string SessionId { get; private set; } = "";

    public string SessionName { get; private set; } = "";

    /// <summary>The session's auto-cue mode, from the snapshot and every <c>SessionUpdated</c>.</summary>
    public AutoCueMode AutoCue { get; private set; }

    public ConsoleLink Link { get; } = new();

    public ReplayProgress? Replay { get; set; }

    /// <summary>Reps, laps and markers: the rep matrix and the track lines of the feed.</summary>
    public TrackBoard Track { get; } = new();

    /// <summary>Runners in join order (their numbers).</summary>
    public IReadOnlyList<RunnerView> Runners => _runners;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<AlertFeedEntry> AlertFeed => _alertFeed;

    /// <summary>Cues, newest first, each at its latest status.</summary>
    public IEnumerable<CueUpdate> Cues => _cueOrder.Select(id => _cuesById[id]);

    public int CueCount => _cueOrder.Count;

    public RunnerView? Find(string runnerId) => _byId.GetValueOrDefault(runnerId);

    /// <summary>
    /// The order rows are drawn in: runners with open alerts first (worst severity, then the longest open), then the
    /// rest by number, so whoever is drifting is at the top whatever the group size.
    /// </summary>
    public IReadOnlyList<RunnerView> DisplayOrder() =>
    [
        .. _runners
            .OrderByDescending(r => r.WorstSeverity.HasValue)
            .ThenByDescending(r => r.WorstSeverity ?? AlertSeverity.Info)
            .ThenBy(r => r.OpenAlerts.Count == 0 ? long.MaxValue : r.OpenAlerts.Min(a => a.StartedAt))
            .ThenBy(r => r.Number),
    ];

    public void Apply(LiveEvent evt)
    {
        switch (evt)
        {
            case SamplesReceived s:
                Apply(s.Frame);
                break;
            case AlertRaised a:
                Raise(a.Alert);
                break;
            case AlertCleared c:
                Clear(c.Alert);
                break;
            case RunnerStatusChanged r:
                Apply(r.Status);
                break;
            case CueUpdated c:
                Apply(c.Cue);
                break;
            case RepReceived r:
                Track.Apply(r.Rep);
                break;
            case LapReceived l:
                Track.Apply(l.Lap);
                break;
            case MarkerReceived m:
                Track.Apply(m.Marker);
                break;
            case SessionUpdated u:
                SessionName = u.Session.Name;
                AutoCue = u.Session.AutoCue;
                break;
            case TrackBackfilled t:
                Track.Apply(t);
                break;
            case SnapshotReceived snap:
                Apply(snap.Snapshot, snap.Gap);
                break;
            case GapFilled g:
                Fill(g);
                break;
            case ConnectionChanged c:
                if (c.Status == HubConnectionStatus.Reconnecting && Link.Status == HubConnectionStatus.Connected)
                {
                    Link.Reconnects++;
                }

                Link.Status = c.Status;
                Link.Detail = c.Detail;
                break;
            case ReplayRestarted r:
                Restart(r);
                break;
            case ReplayPosition p when Replay is not null:
                if (p.OffsetMs is { } offset)
                {
                    // The hub counts offsets from the recording's first event: that is where the progress bar starts.
                    var start = p.At - offset;
                    Replay.StartMs = start;
                }

                Replay.PositionMs = Math.Max(Replay.PositionMs, p.At);

                // Replaying a session that is still running: the recording grows while we watch.
                Replay.EndMs = Math.Max(Replay.EndMs, Replay.PositionMs);
                break;
        }

        Version++;
    }

    public void Apply(SamplesFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Link.DroppedFrames += Math.Max(0, frame.Dropped);
        long newest = 0;
        foreach (var group in frame.Runners)
        {
            var runner = GetOrAdd(group.RunnerId, null);
            foreach (var sample in group.Samples)
            {
                runner.Apply(sample);
                if (!sample.Backfilled)
                {
                    newest = Math.Max(newest, sample.ObservedAt);
                }
            }

            if (runner.State is RunnerState.Joined or RunnerState.Stale && group.Samples.Length > 0)
            {
                runner.State = group.Samples[^1].Backfilled ? RunnerState.Backfilling : RunnerState.Live;
            }
        }

        if (newest > 0 && Replay is null)
        {
            var lag = Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds() + Link.HubClockOffsetMs - newest);
            Link.LagMs = Link.LagMs is { } previous ? previous + (LagSmoothing * (lag - previous)) : lag;
        }

        Version++;
    }

    public void Raise(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var runner = GetOrAdd(alert.RunnerId, null);
        runner.OpenAlert(alert);
        Track.Note(alert);
        AddFeed(new AlertFeedEntry(alert, runner.Name, Cleared: false, alert.StartedAt));
        Version++;
    }

    public void Clear(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var runner = GetOrAdd(alert.RunnerId, null);
        runner.CloseAlert(alert.AlertId);
        AddFeed(new AlertFeedEntry(alert, runner.Name, Cleared: true, alert.ClearedAt ?? alert.StartedAt));
        Version++;
    }

    public void Apply(RunnerStatusUpdate status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (string.IsNullOrEmpty(status.RunnerId) || (!_byId.ContainsKey(status.RunnerId) && status.State == RunnerState.Lagging))
        {
            // Said of this console's own connection: the hub drops frames for it.
            Link.Lagging = status.State == RunnerState.Lagging;
            Link.Detail = status.Detail;
        }
        else
        {
            var runner = GetOrAdd(status.RunnerId, status.Name);
            runner.State = status.State;
            runner.StateDetail = status.Detail;
        }

        Version++;
    }

    public void Apply(CueUpdate cue)
    {
        ArgumentNullException.ThrowIfNull(cue);
        if (_cuesById.TryGetValue(cue.CueId, out var known))
        {
            // Statuses can arrive out of order (a resync replays recent cues): never step a cue back.
            if (Rank(cue.Status) >= Rank(known.Status))
            {
                _cuesById[cue.CueId] = cue;
            }
        }
        else
        {
            _cuesById[cue.CueId] = cue;
            _cueOrder.Insert(0, cue.CueId);
            if (_cueOrder.Count > MaxFeed)
            {
                _cuesById.Remove(_cueOrder[^1]);
                _cueOrder.RemoveAt(_cueOrder.Count - 1);
            }
        }

        Version++;
    }

    /// <summary>
    /// A <c>Watch</c> snapshot: the first one, or a resync after a reconnect. The resync replaces states, latest values
    /// and open alerts, and records how many samples this console missed while it was away.
    /// </summary>
    public void Apply(SessionSnapshot snapshot, TimeSpan? gap)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        SessionId = snapshot.Session.SessionId;
        SessionName = snapshot.Session.Name;
        AutoCue = snapshot.Session.AutoCue;
        if (snapshot.HubTime > 0 && Replay is null)
        {
            Link.HubClockOffsetMs = snapshot.HubTime - time.GetUtcNow().ToUnixTimeMilliseconds();
        }

        long missed = 0;
        foreach (var state in snapshot.Runners)
        {
            var runner = GetOrAdd(state.RunnerId, state.Name);
            runner.Name = string.IsNullOrEmpty(state.Name) ? runner.Name : state.Name;
            runner.State = state.State;
            if (gap is not null && runner.LastSeq > 0 && state.LastSeq > runner.LastSeq)
            {
                missed += state.LastSeq - runner.LastSeq;
                runner.MissedSamples += state.LastSeq - runner.LastSeq;
            }

            // The gap is counted above once: move LastSeq first so the latest sample is not counted as a seq jump again.
            var latest = state.Latest is { } l && l.Seq >= runner.LastSeq ? l : null;
            runner.LastSeq = Math.Max(runner.LastSeq, state.LastSeq);
            if (latest is not null)
            {
                runner.Apply(latest);
            }
        }

        foreach (var runner in _runners)
        {
            runner.ReplaceAlerts(snapshot.OpenAlerts.Where(a => a.RunnerId == runner.RunnerId));
        }

        foreach (var alert in snapshot.OpenAlerts.Where(a => !_alertFeed.Exists(f => f.Alert.AlertId == a.AlertId)))
        {
            var runner = GetOrAdd(alert.RunnerId, null);
            runner.OpenAlert(alert);
            Track.Note(alert);
            AddFeed(new AlertFeedEntry(alert, runner.Name, Cleared: false, alert.StartedAt));
        }

        foreach (var cue in snapshot.RecentCues.OrderBy(c => c.IssuedAt))
        {
            Apply(cue);
        }

        // Markers made before this console connected (or while it was away); a marker seen already is skipped.
        foreach (var marker in snapshot.Markers.OrderBy(m => m.At))
        {
            Track.Apply(marker);
        }

        if (gap is not null)
        {
            Link.LastGap = gap;
            Link.LastGapSamples = missed;
            Link.LastGapFilled = 0;
            Link.LastGapError = null;
        }

        Link.Lagging = false;
        Version++;
    }

    /// <summary>Samples missed while away, read back after the resync: drawn into the runner's history, no longer missed.</summary>
    public void Fill(GapFilled filled)
    {
        ArgumentNullException.ThrowIfNull(filled);
        var runner = GetOrAdd(filled.RunnerId, null);
        var drawn = runner.Fill(filled.Samples);
        if (filled.Cause == GapCause.Resync)
        {
            Link.LastGapFilled += drawn;
            Link.LastGapError = filled.Error ?? Link.LastGapError;
        }
        else
        {
            Link.SeqJumpsFilled += drawn;
        }

        Version++;
    }

    /// <summary>The newest open alert that carries a suggested cue, for this runner (or any runner when null).</summary>
    public FormAlert? NewestSuggestion(string? runnerId) =>
        _runners.Where(r => runnerId is null || r.RunnerId == runnerId)
            .SelectMany(r => r.OpenAlerts)
            .Where(a => !string.IsNullOrWhiteSpace(a.SuggestedCue))
            .OrderByDescending(a => a.StartedAt)
            .FirstOrDefault();

    public void Touch() => Version++;

    /// <summary>A replay seeks: drop everything shown and start again from the session's runner list.</summary>
    private void Restart(ReplayRestarted restart)
    {
        _byId.Clear();
        _runners.Clear();
        _alertFeed.Clear();
        _cuesById.Clear();
        _cueOrder.Clear();
        Track.Clear();
        var empty = restart.Session with
        {
            Runners = [.. restart.Session.Runners.Select(r => r with { Latest = null, LastSeq = 0, State = RunnerState.Joined })],
            OpenAlerts = [],
            RecentCues = [],
        };
        Apply(empty, gap: null);
        if (Replay is not null)
        {
            Replay.PositionMs = Replay.StartMs + restart.FromMs;
        }
    }

    private RunnerView GetOrAdd(string runnerId, string? name)
    {
        if (!_byId.TryGetValue(runnerId, out var runner))
        {
            runner = new RunnerView(runnerId, _runners.Count + 1, _historyWindow) { Name = string.IsNullOrEmpty(name) ? runnerId : name };
            _byId.Add(runnerId, runner);
            _runners.Add(runner);
        }
        else if (!string.IsNullOrEmpty(name))
        {
            runner.Name = name;
        }

        return runner;
    }

    private void AddFeed(AlertFeedEntry entry)
    {
        _alertFeed.Insert(0, entry);
        if (_alertFeed.Count > MaxFeed)
        {
            _alertFeed.RemoveAt(_alertFeed.Count - 1);
        }
    }

    private static int Rank(CueStatus status) => status switch
    {
        CueStatus.Sent => 0,
        CueStatus.Delivered => 1,
        _ => 2,
    };
}

/// <summary>One line of the alert feed: an alert raised or cleared.</summary>
internal sealed record AlertFeedEntry(FormAlert Alert, string RunnerName, bool Cleared, long At);

/// <summary>Where a replay stands, for the progress bar.</summary>
internal sealed class ReplayProgress
{
    public long StartMs { get; set; }

    public long EndMs { get; set; }

    public long PositionMs { get; set; }

    public double Speed { get; set; } = 1;

    public bool Paused { get; set; }

    public double Fraction => EndMs <= StartMs ? 0 : Math.Clamp((double)(PositionMs - StartMs) / (EndMs - StartMs), 0, 1);
}
