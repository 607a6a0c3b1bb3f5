using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Review.Timeline;

/// <summary>
/// The live view's store set to one instant of a recorded session, so the review shows the group with the live tiles
/// themselves: each runner's latest recorded sample at that instant (aged against it), the alerts open then and the
/// last cue sent by then with its final status. A runner-scoped share link gets only its runner.
/// </summary>
public sealed class ReviewStage
{
    private readonly ReviewClock _clock = new();
    private readonly List<FormAlert> _alerts;
    private readonly List<CueUpdate> _cues;

    // Per runner, so that setting 60 tiles to an instant does not walk the whole session's alerts and cues 60 times.
    private readonly Dictionary<string, FormAlert[]> _alertsByRunner;
    private readonly Dictionary<string, CueUpdate[]> _cuesByRunner;

    public ReviewStage(SessionSnapshot snapshot, ReviewReader reader, IEnumerable<FormAlert> alerts, IEnumerable<CueUpdate> cues, LiveViewOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(reader);
        Store = new LiveStore(_clock, new NoFrames(), options);
        _alerts = [.. alerts.Where(a => reader.MaySee(a.RunnerId))];
        _cues = [.. cues.Where(c => reader.MaySee(c.RunnerId)).OrderBy(c => c.IssuedAt)];
        _alertsByRunner = _alerts.GroupBy(a => a.RunnerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _cuesByRunner = _cues.GroupBy(c => c.RunnerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        // The roster only: what each runner shows comes from Apply. HubTime equal to the clock keeps the store's offset 0.
        _clock.Set(snapshot.HubTime);
        Store.ApplySnapshot(snapshot with
        {
            Runners = [.. snapshot.Runners.Where(r => reader.MaySee(r.RunnerId)).Select(r => r with { Latest = null, State = RunnerState.Joined })],
            OpenAlerts = [],
            RecentCues = [],
        }, snapshot.Session.HrMaxBpm);
        At = null;
    }

    /// <summary>The store the tiles read (cascade it as the live page does).</summary>
    public LiveStore Store { get; }

    /// <summary>The instant the tiles show, UTC unix ms; null before the first <see cref="Apply"/>.</summary>
    public long? At { get; private set; }

    public IReadOnlyList<FormAlert> Alerts => _alerts;

    public IReadOnlyList<CueUpdate> Cues => _cues;

    /// <summary>Sets every tile to <paramref name="state"/>'s instant; only tiles whose runner is in it change.</summary>
    public void Apply(SessionStateAt state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _clock.Set(state.At);
        At = state.At;
        foreach (var at in state.Runners)
        {
            if (Store.Find(at.RunnerId) is not { } runner)
            {
                continue;
            }

            runner.Latest = at.Sample;
            runner.State = at.Sample is null ? RunnerState.Joined : RunnerState.Live;
            runner.ClearAlerts();
            if (_alertsByRunner.TryGetValue(at.RunnerId, out var alerts))
            {
                foreach (var alert in alerts)
                {
                    if (alert.StartedAt <= state.At && (alert.ClearedAt is null || alert.ClearedAt > state.At))
                    {
                        runner.SetAlert(alert with { ClearedAt = null });
                    }
                }
            }

            runner.LastCue = _cuesByRunner.TryGetValue(at.RunnerId, out var cues) ? LastIssuedBy(cues, state.At) : null;
            runner.Touch();
        }

        // The grid renders for the roster only; each tile renders itself when the store announces its runner changed.
        Store.AnnounceRunnersChanged();
    }

    /// <summary>The last of <paramref name="cues"/> (in issue order) issued at or before <paramref name="at"/>.</summary>
    private static CueUpdate? LastIssuedBy(CueUpdate[] cues, long at)
    {
        int lo = 0, hi = cues.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cues[mid].IssuedAt <= at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return hi >= 0 ? cues[hi] : null;
    }

    /// <summary>The review renders when its page does: no animation frames to wait for.</summary>
    private sealed class NoFrames : IFrameScheduler
    {
        public void Request(Action onFrame)
        {
        }

        public void NoteArrival(int samples)
        {
        }
    }
}
