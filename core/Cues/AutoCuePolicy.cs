using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Core.Cues;

/// <summary>
/// Decides, per session, whether an alert becomes a spoken cue: <c>off</c> never, <c>suggest</c> offers the cue to the
/// coach, <c>auto</c> sends it, at most one automatic cue per runner per gap and never during or just after a coach's own
/// cue. Also schedules periodic check-ins in auto mode. Pure: the caller passes the hub-clock time. Thread-safe.
/// </summary>
public sealed class AutoCuePolicy
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunnerClock> _runners = new(StringComparer.Ordinal);
    private readonly CueRotation _rotation;
    private readonly long _gapMs;
    private readonly long _quietMs;
    private readonly long _checkInMs;
    private CoachCueWindow _groupCoachCue;
    private volatile AutoCueMode _mode;

    public AutoCuePolicy(AutoCueMode mode, CueCatalog catalog, AutoCueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= AutoCueOptions.Default;
        _mode = mode;
        _rotation = new CueRotation(catalog);
        _gapMs = ToMs(options.GapSeconds, AutoCueOptions.Default.GapSeconds);
        _quietMs = ToMs(options.CoachQuietSeconds, AutoCueOptions.Default.CoachQuietSeconds);
        _checkInMs = ToMs(options.CheckInIntervalSeconds, AutoCueOptions.Default.CheckInIntervalSeconds);
    }

    /// <summary>The current mode; the coach may switch it while the session runs (<see cref="SetMode"/>).</summary>
    public AutoCueMode Mode => _mode;

    /// <summary>
    /// Switches the mode. Switching into <c>auto</c> restarts every known runner's check-in interval at its next
    /// <see cref="CheckIn"/>, so a runner is not checked in on the instant the coach turns auto back on.
    /// </summary>
    public void SetMode(AutoCueMode mode)
    {
        lock (_gate)
        {
            if (mode == AutoCueMode.Auto && _mode != AutoCueMode.Auto)
            {
                foreach (var clock in _runners.Values)
                {
                    clock.RestartCheckIn = true;
                }
            }

            _mode = mode;
        }
    }

    /// <summary>Call for every raised alert. Cleared alerts need no call.</summary>
    public AutoCueDecision OnAlert(FormAlert alert, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!CueCatalog.IsSpoken(alert.Kind))
        {
            return AutoCueDecision.None;
        }

        lock (_gate)
        {
            // Read once under the gate: the mode may switch between calls, never within one decision.
            var mode = _mode;
            if (mode == AutoCueMode.Off)
            {
                return AutoCueDecision.None;
            }

            if (mode == AutoCueMode.Suggest)
            {
                // The coach decides when; no rate limit. The rotation still moves so the next suggestion differs.
                var suggestion = _rotation.Next(alert.RunnerId, alert.Kind, alert.Side);
                return suggestion is { } s
                    ? new AutoCueDecision(AutoCueAction.Suggest, s.CueId, s.Text, CueSource.Auto)
                    : AutoCueDecision.None;
            }

            var clock = Clock(alert.RunnerId, nowUnixMs);
            if (!MaySpeak(clock, nowUnixMs))
            {
                return AutoCueDecision.None;
            }

            var choice = _rotation.Next(alert.RunnerId, alert.Kind, alert.Side);
            if (choice is not { } c)
            {
                return AutoCueDecision.None;
            }

            clock.LastAutoAt = nowUnixMs;
            return new AutoCueDecision(AutoCueAction.Send, c.CueId, c.Text, CueSource.Auto);
        }
    }

    /// <summary>
    /// Call periodically per live runner (e.g. on the hub's tick). Returns a check-in cue to send when one is due:
    /// auto mode, check-ins on, the interval passed since the runner's first call or last check-in, and the runner
    /// free to hear a cue (gap and coach quiet time respected).
    /// </summary>
    public AutoCueDecision CheckIn(string runnerId, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(runnerId);
        if (_checkInMs == 0)
        {
            return AutoCueDecision.None;
        }

        lock (_gate)
        {
            if (_mode != AutoCueMode.Auto)
            {
                return AutoCueDecision.None;
            }

            var clock = Clock(runnerId, nowUnixMs);
            if (clock.RestartCheckIn)
            {
                clock.RestartCheckIn = false;
                clock.LastCheckInAt = nowUnixMs;
            }

            if (nowUnixMs - clock.LastCheckInAt < _checkInMs || !MaySpeak(clock, nowUnixMs))
            {
                return AutoCueDecision.None;
            }

            var choice = _rotation.NextCheckIn(runnerId);
            if (choice is not { } c)
            {
                return AutoCueDecision.None;
            }

            clock.LastAutoAt = nowUnixMs;
            clock.LastCheckInAt = nowUnixMs;
            return new AutoCueDecision(AutoCueAction.Send, c.CueId, c.Text, CueSource.CheckIn);
        }
    }

    /// <summary>
    /// A coach's cue (typed, picked, or an accepted suggestion) went to <paramref name="runnerId"/>, or to the whole group
    /// when null. Automatic cues hold off until it is spoken or expired, plus the quiet time.
    /// </summary>
    public void NoteCoachCue(string? runnerId, string cueId, string text, long issuedAtUnixMs, long expiresAtUnixMs)
    {
        ArgumentNullException.ThrowIfNull(cueId);
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var window = new CoachCueWindow(cueId, Math.Max(issuedAtUnixMs, expiresAtUnixMs) + _quietMs);
            if (runnerId is null)
            {
                _groupCoachCue = Later(_groupCoachCue, window);
                foreach (var id in _runners.Keys)
                {
                    _rotation.NoteHeard(id, text);
                }

                return;
            }

            var clock = Clock(runnerId, issuedAtUnixMs);
            clock.CoachCue = Later(clock.CoachCue, window);
            _rotation.NoteHeard(runnerId, text);
        }
    }

    /// <summary>
    /// A cue's status changed. When a coach cue is spoken, expired or dropped, the hold ends after the quiet time
    /// instead of at the cue's expiry.
    /// </summary>
    public void NoteCueStatus(string? runnerId, string cueId, CueStatus status, long atUnixMs)
    {
        ArgumentNullException.ThrowIfNull(cueId);
        if (status is not (CueStatus.Spoken or CueStatus.Expired or CueStatus.Dropped))
        {
            return;
        }

        lock (_gate)
        {
            var until = atUnixMs + _quietMs;
            if (string.Equals(_groupCoachCue.CueId, cueId, StringComparison.Ordinal))
            {
                _groupCoachCue = _groupCoachCue with { Until = Math.Min(_groupCoachCue.Until, until) };
            }

            if (runnerId is not null && _runners.TryGetValue(runnerId, out var clock)
                && string.Equals(clock.CoachCue.CueId, cueId, StringComparison.Ordinal))
            {
                clock.CoachCue = clock.CoachCue with { Until = Math.Min(clock.CoachCue.Until, until) };
            }
        }
    }

    public void RemoveRunner(string runnerId)
    {
        lock (_gate)
        {
            _runners.Remove(runnerId);
            _rotation.Forget(runnerId);
        }
    }

    private static CoachCueWindow Later(CoachCueWindow current, CoachCueWindow next) =>
        next.Until >= current.Until ? next : current;

    private static long ToMs(double seconds, double fallback) =>
        (long)((double.IsFinite(seconds) && seconds is >= 0 and <= 86_400 ? seconds : fallback) * 1000);

    private bool MaySpeak(RunnerClock clock, long nowUnixMs) =>
        nowUnixMs >= clock.CoachCue.Until
        && nowUnixMs >= _groupCoachCue.Until
        && (clock.LastAutoAt == long.MinValue || nowUnixMs - clock.LastAutoAt >= _gapMs);

    private RunnerClock Clock(string runnerId, long nowUnixMs)
    {
        if (!_runners.TryGetValue(runnerId, out var clock))
        {
            clock = new RunnerClock { LastCheckInAt = nowUnixMs };
            _runners.Add(runnerId, clock);
        }

        return clock;
    }

    private readonly record struct CoachCueWindow(string? CueId, long Until);

    private sealed class RunnerClock
    {
        public long LastAutoAt { get; set; } = long.MinValue;

        public long LastCheckInAt { get; set; }

        /// <summary>Set when the mode switches into auto: the next check-in call starts a fresh interval.</summary>
        public bool RestartCheckIn { get; set; }

        public CoachCueWindow CoachCue { get; set; } = new(null, long.MinValue);
    }
}
