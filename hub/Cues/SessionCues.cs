using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>
/// Each session's cue catalog (built-in cues plus the coach's own) and auto-cue policy, created on first use from the
/// session's <c>autoCue</c> mode and the hub's auto-cue options.
/// </summary>
public sealed class SessionCues(IOptions<HubOptions> options)
{
    private readonly ConcurrentDictionary<string, SessionCueState> _sessions = new(StringComparer.Ordinal);
    private readonly AutoCueOptions _autoCueOptions = new()
    {
        GapSeconds = options.Value.AutoCueMinInterval.TotalSeconds,
        CheckInIntervalSeconds = options.Value.AutoCueCheckInInterval.TotalSeconds,
    };

    public SessionCueState For(LiveSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _sessions.GetOrAdd(
            session.SessionId,
            static (_, state) =>
            {
                var catalog = CueCatalog.CreateDefault();
                return new SessionCueState(catalog, new AutoCuePolicy(state.Mode, catalog, state.Options));
            },
            (Mode: session.Record.AutoCue, Options: _autoCueOptions));
    }
}

/// <summary>One session's catalog and policy. Both are thread-safe.</summary>
public sealed class SessionCueState(CueCatalog catalog, AutoCuePolicy policy)
{
    public CueCatalog Catalog { get; } = catalog;

    public AutoCuePolicy Policy { get; } = policy;

    /// <summary>
    /// Runners whose engine and policy state was dropped after they left; guarded by the session's engine gate, so a
    /// runner is forgotten once, and again only after it came back.
    /// </summary>
    internal HashSet<string> Forgotten { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Ids of the open alerts this process's engine raised (under the engine gate). An open alert not in it was loaded
    /// from the recording after a restart: the fresh engine will never clear it.
    /// </summary>
    internal HashSet<string> EngineOpen { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether alerts left open by a previous hub process were closed (first tick; under the engine gate).</summary>
    internal bool AdoptedRecording { get; set; }

    /// <summary>The engine's event list for one feed, reused under the engine gate (a feed rarely raises anything).</summary>
    internal List<AlertEvent> FeedEvents { get; } = [];
}
