using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>
/// Each session's cue catalog (built-in cues plus the coach's own) and auto-cue policy, created on first use from the
/// session's <c>autoCue</c> mode and the hub's auto-cue options.
/// </summary>
internal sealed class SessionCues(IOptions<HubOptions> options)
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
internal sealed class SessionCueState(CueCatalog catalog, AutoCuePolicy policy)
{
    public CueCatalog Catalog { get; } = catalog;

    public AutoCuePolicy Policy { get; } = policy;
}
