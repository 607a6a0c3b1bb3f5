// Over 400 lines: one state holder with one Apply method per hub event; splitting it would scatter the invariants.
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The live view's state, fed by the hub's events: per runner latest values and history, alerts, cues, markers and
/// reps. Changes are gathered and announced once per animation frame (<see cref="IFrameScheduler"/>) through
/// <see cref="Changed"/>, never once per sample; a changed runner's <see cref="RunnerLive.Version"/> tells its tile.
/// </summary>
/// <remarks>Used from the browser's one thread (Blazor WebAssembly); tests call it from the renderer's dispatcher.</remarks>
public sealed class LiveStore
{
    private readonly TimeProvider _time;
    private readonly IFrameScheduler _frames;
    private readonly LiveViewOptions _options;
    private readonly Dictionary<string, RunnerLive> _runners = new(StringComparer.Ordinal);
    private readonly List<RunnerLive> _joinOrder = [];
    private readonly List<FormAlert> _alerts = [];
    private readonly List<CueUpdate> _cues = [];
    private readonly List<SessionMarker> _markers = [];
    private readonly Dictionary<string, SortedDictionary<int, Rep>> _reps = new(StringComparer.Ordinal);
    private readonly Action _onFrame;
    private LiveChange _pending;
    private long _hubOffsetMs;

    public LiveStore(TimeProvider time, IFrameScheduler frames, LiveViewOptions? options = null)
    {
        _time = time;
        _frames = frames;
        _options = options ?? new LiveViewOptions();
        _onFrame = Flush;
        Connection = new LiveConnectionState(LiveConnectionStatus.Connecting, time.GetLocalNow());
    }

    /// <summary>After each animation frame with changes: what changed.</summary>
    public event Action<LiveChange>? Changed;

    public LiveViewOptions Options => _options;

    public TimeProvider Time => _time;

    public string SessionId { get; private set; } = "";

    public string SessionName { get; private set; } = "";

    public AutoCueMode AutoCue { get; private set; }

    /// <summary>The group's HR max (session setting, else <see cref="HeartRateZones.DefaultMaxBpm"/>).</summary>
    public int HrMaxDefault { get; private set; } = HeartRateZones.DefaultMaxBpm;

    public bool SessionEnded { get; private set; }

    public LiveConnectionState Connection { get; private set; }

    /// <summary>The hub's word that it dropped samples for this page (the page fell behind); null until then.</summary>
    public string? Lagging { get; private set; }

    /// <summary>Runners in the order they joined.</summary>
    public IReadOnlyList<RunnerLive> Runners => _joinOrder;

    /// <summary>Every alert seen, newest first (cleared ones keep their <c>clearedAt</c>).</summary>
    public IReadOnlyList<FormAlert> Alerts => _alerts;

    /// <summary>Cues, newest first, each with its latest status.</summary>
    public IReadOnlyList<CueUpdate> Cues => _cues;

    /// <summary>Markers, newest first.</summary>
    public IReadOnlyList<SessionMarker> Markers => _markers;

    /// <summary>The hub's clock now (unix ms), from the local clock and the offset the last snapshot showed.</summary>
    public long HubNowMs => _time.GetUtcNow().ToUnixTimeMilliseconds() + _hubOffsetMs;

    public RunnerLive? Find(string runnerId) => _runners.GetValueOrDefault(runnerId);

    public string NameOf(string? runnerId) =>
        runnerId is null ? "Group" : _runners.TryGetValue(runnerId, out var r) ? r.Name : runnerId;

    public int HrMaxOf(RunnerLive runner) => runner.HrMaxOverride ?? HrMaxDefault;

    public Freshness FreshnessOf(RunnerLive runner) => runner.FreshnessAt(HubNowMs, _options.StaleAfter);

    /// <summary>The grid's order: join order, or with <paramref name="driftingFirst"/> runners with open alerts first (most, then most severe).</summary>
    public IReadOnlyList<RunnerLive> Ordered(bool driftingFirst)
    {
        if (!driftingFirst)
        {
            return _joinOrder;
        }

        return [.. _joinOrder
            .Select((r, i) => (Runner: r, Index: i))
            .OrderByDescending(x => x.Runner.OpenAlerts.Count > 0)
            .ThenByDescending(x => x.Runner.OpenAlerts.Count == 0 ? -1 : (int)x.Runner.OpenAlerts.Max(a => a.Severity))
            .ThenByDescending(x => x.Runner.OpenAlerts.Count)
            .ThenBy(x => x.Index)
            .Select(x => x.Runner)];
    }

    /// <summary>Each runner's reps by number (the recovered version replaces the first).</summary>
    public IReadOnlyDictionary<string, SortedDictionary<int, Rep>> Reps => _reps;

    public void SetConnection(LiveConnectionState state)
    {
        Connection = state;
        Mark(LiveChange.Connection);
    }

    /// <summary>Where the session stands (Watch's answer, first and after every reconnect).</summary>
    public void ApplySnapshot(SessionSnapshot snapshot, int? hrMaxBpm)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _hubOffsetMs = snapshot.HubTime - _time.GetUtcNow().ToUnixTimeMilliseconds();
        // A fresh snapshot means the page is watching anew: what it missed before is no longer missing.
        Lagging = null;
        SetSession(snapshot.Session);
        if (hrMaxBpm is > 0)
        {
            HrMaxDefault = hrMaxBpm.Value;
        }

        foreach (var snap in snapshot.Runners)
        {
            var runner = Ensure(snap.RunnerId, snap.Name);
            runner.Name = snap.Name;
            runner.State = snap.State;
            if (snap.Latest is { } latest && latest.Seq >= runner.LastSeq)
            {
                runner.Merge(latest, _options.StaleAfter, _options.SlowFieldCarry);
                runner.History.Add(latest);
            }

            NoteSeq(runner, snap.LastSeq, snap.Latest?.ObservedAt ?? 0);
            runner.ClearAlerts();
            Dirty(runner);
        }

        // The snapshot's open alerts are the truth: what the feed holds open and the snapshot does not was cleared
        // while the page was away.
        var open = snapshot.OpenAlerts.ToDictionary(a => a.AlertId, StringComparer.Ordinal);
        for (var i = 0; i < _alerts.Count; i++)
        {
            if (_alerts[i].ClearedAt is null && !open.ContainsKey(_alerts[i].AlertId))
            {
                _alerts[i] = _alerts[i] with { ClearedAt = snapshot.HubTime };
            }
        }

        foreach (var alert in snapshot.OpenAlerts)
        {
            ApplyAlert(alert);
        }

        foreach (var cue in snapshot.RecentCues.OrderBy(c => c.IssuedAt))
        {
            ApplyCue(cue);
        }

        Mark(LiveChange.Session | LiveChange.Roster | LiveChange.Alerts | LiveChange.Connection);
    }

    /// <summary>The hub's <c>SessionUpdated</c> (e.g. a coach, maybe on another device, switched the auto-cue mode).</summary>
    public void ApplySession(SessionSummary session)
    {
        ArgumentNullException.ThrowIfNull(session);
        SetSession(session);
        Mark(LiveChange.Session);
    }

    public void ApplySamples(SamplesFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var samples = 0;
        foreach (var group in frame.Runners)
        {
            if (group.Samples.Length == 0)
            {
                continue;
            }

            var runner = Ensure(group.RunnerId, group.RunnerId);
            foreach (var sample in group.Samples)
            {
                AddSample(runner, sample);
            }

            samples += group.Samples.Length;
            Dirty(runner);
        }

        _frames.NoteArrival(samples);
    }

    /// <summary>Samples read back from the recording after a gap: merged into the history by seq.</summary>
    public void ApplyRecorded(string runnerId, IReadOnlyList<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0 || Find(runnerId) is not { } runner)
        {
            return;
        }

        foreach (var sample in samples)
        {
            AddSample(runner, sample);
        }

        Dirty(runner);
    }

    public void ApplyRunnerStatus(RunnerStatusUpdate status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (string.IsNullOrEmpty(status.RunnerId))
        {
            // About this page, not a runner (the hub dropped samples this page did not read in time): no tile for it.
            // Any other state about the page says it caught up.
            Lagging = status.State == RunnerState.Lagging
                ? status.Detail ?? "The hub dropped samples for this page: it is not keeping up."
                : null;
            Mark(LiveChange.Connection);
            return;
        }

        var runner = Ensure(status.RunnerId, status.Name);
        if (!string.IsNullOrEmpty(status.Name))
        {
            runner.Name = status.Name;
        }

        if (status.State != RunnerState.Lagging)
        {
            runner.State = status.State;
        }

        Dirty(runner);
    }

    public void ApplyAlert(FormAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var index = _alerts.FindIndex(a => a.AlertId == alert.AlertId);
        if (index >= 0)
        {
            _alerts[index] = alert;
        }
        else
        {
            // Newest first by start; alerts arrive nearly in order, so the insertion point is at the front.
            var at = 0;
            while (at < _alerts.Count && _alerts[at].StartedAt > alert.StartedAt)
            {
                at++;
            }

            _alerts.Insert(at, alert);
            if (_alerts.Count > _options.MaxAlerts)
            {
                _alerts.RemoveAt(_alerts.Count - 1);
            }
        }

        if (Find(alert.RunnerId) is { } runner)
        {
            runner.SetAlert(alert);
            Dirty(runner);
        }

        Mark(LiveChange.Alerts | LiveChange.Roster);
    }

    public void ApplyCue(CueUpdate cue)
    {
        ArgumentNullException.ThrowIfNull(cue);
        var index = _cues.FindIndex(c => c.CueId == cue.CueId);
        if (index >= 0)
        {
            _cues[index] = cue;
        }
        else
        {
            _cues.Insert(0, cue);
            if (_cues.Count > _options.MaxCues)
            {
                _cues.RemoveAt(_cues.Count - 1);
            }
        }

        if (Find(cue.RunnerId) is { } runner && (runner.LastCue is null || runner.LastCue.CueId == cue.CueId || runner.LastCue.IssuedAt <= cue.IssuedAt))
        {
            runner.LastCue = cue;
            Dirty(runner);
        }

        Mark(LiveChange.Cues);
    }

    public void ApplyMarker(SessionMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        if (_markers.Exists(m => m.MarkerId == marker.MarkerId))
        {
            return;
        }

        var at = 0;
        while (at < _markers.Count && _markers[at].At > marker.At)
        {
            at++;
        }

        _markers.Insert(at, marker);
        if (_markers.Count > _options.MaxMarkers)
        {
            _markers.RemoveAt(_markers.Count - 1);
        }

        Mark(LiveChange.Markers);
    }

    public void ApplyRep(RepCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        if (!_reps.TryGetValue(completed.RunnerId, out var reps))
        {
            _reps[completed.RunnerId] = reps = [];
        }

        reps[completed.Rep.Number] = completed.Rep;
        Mark(LiveChange.Reps);
    }

    /// <summary>The coach's HR max for one runner (null: back to the session default).</summary>
    public void SetHrMax(string runnerId, int? hrMaxBpm)
    {
        if (Find(runnerId) is { } runner)
        {
            runner.HrMaxOverride = hrMaxBpm is > 0 ? hrMaxBpm : null;
            Dirty(runner);
        }
    }

    /// <summary>The once-a-second tick: tiles whose badge text would change (age, live -> stale) render again.</summary>
    public void Tick()
    {
        var now = HubNowMs;
        foreach (var runner in _joinOrder)
        {
            if (runner.ShownFreshness != runner.FreshnessAt(now, _options.StaleAfter).Text)
            {
                Dirty(runner);
            }
        }

        if (_alerts.Count > 0 || _cues.Count > 0)
        {
            Mark(LiveChange.Alerts);
        }
    }

    /// <summary>Announces what changed since the last frame, once: one render batch per animation frame.</summary>
    public void Flush()
    {
        var pending = _pending;
        _pending = LiveChange.None;
        if (pending != LiveChange.None)
        {
            Changed?.Invoke(pending);
        }
    }

    /// <summary>
    /// Announces at once that runners (and their open alerts) changed outside the hub's events: the review sets every
    /// tile to an instant itself, and tiles render themselves on this announcement.
    /// </summary>
    public void AnnounceRunnersChanged() => Changed?.Invoke(LiveChange.Runners | LiveChange.Alerts);

    /// <summary>Asks for an animation frame with nothing new to announce (its end sends the tiles' queued value writes).</summary>
    public void RequestFrame() => _frames.Request(_onFrame);

    /// <summary>Per runner the highest seq seen and its time: what a resync measures the gap against.</summary>
    public Dictionary<string, (long Seq, long ObservedAt)> SeenSoFar() =>
        _joinOrder.ToDictionary(r => r.RunnerId, r => (r.LastSeq, r.LastObservedAt), StringComparer.Ordinal);

    private void SetSession(SessionSummary session)
    {
        SessionId = session.SessionId;
        SessionName = session.Name;
        AutoCue = session.AutoCue;
        SessionEnded = session.EndedAt is not null;
    }

    private void AddSample(RunnerLive runner, MetricSample sample)
    {
        runner.History.Add(sample);
        runner.Merge(sample, _options.StaleAfter, _options.SlowFieldCarry);

        NoteSeq(runner, sample.Seq, sample.ObservedAt);
    }

    private static void NoteSeq(RunnerLive runner, long seq, long observedAt)
    {
        if (seq > runner.LastSeq)
        {
            runner.LastSeq = seq;
            runner.LastObservedAt = observedAt;
        }
    }

    private RunnerLive Ensure(string runnerId, string name)
    {
        if (_runners.TryGetValue(runnerId, out var runner))
        {
            return runner;
        }

        runner = new RunnerLive(runnerId, name, _options.HistoryWindow);
        _runners[runnerId] = runner;
        _joinOrder.Add(runner);
        Mark(LiveChange.Roster);
        return runner;
    }

    private void Dirty(RunnerLive runner)
    {
        runner.Touch();
        Mark(LiveChange.Runners);
    }

    private void Mark(LiveChange change)
    {
        _pending |= change;
        _frames.Request(_onFrame);
    }
}
