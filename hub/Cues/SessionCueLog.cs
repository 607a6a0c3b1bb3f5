using System.Collections.Concurrent;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Hub.Cues;

/// <summary>
/// A session's cues with their newest status, the cues handed out that their runner has not reported on yet, and its
/// cue catalog (built-in cues plus the coach's own) and auto-cue policy from the session's <c>autoCue</c> mode.
/// </summary>
internal sealed class SessionCueLog
{
    private const int RecentCueLimit = 50;

    private readonly ConcurrentDictionary<string, CueUpdate> _cues = new(StringComparer.Ordinal);

    /// <summary>
    /// Unreported cues by id. A runner connection that opens while one is unexpired gets it again (the runner was between
    /// connections when it went out); relays drop a cue id they have already heard, so a second copy is harmless.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string RunnerId, CueMessage Cue)> _unreported = new(StringComparer.Ordinal);

    public SessionCueLog(IEnumerable<CueUpdate> recorded, AutoCueMode mode, AutoCueOptions autoCue)
    {
        Catalog = CueCatalog.CreateDefault();
        Policy = new AutoCuePolicy(mode, Catalog, autoCue);
        foreach (var cue in recorded)
        {
            Remember(cue);
        }
    }

    /// <summary>Thread-safe.</summary>
    public CueCatalog Catalog { get; }

    /// <summary>Thread-safe.</summary>
    public AutoCuePolicy Policy { get; }

    public bool TryGet(string cueId, out CueUpdate cue) => _cues.TryGetValue(cueId, out cue!);

    /// <summary>Keeps the newest status of a cue (a late "delivered" never replaces "spoken").</summary>
    public void Remember(CueUpdate cue)
    {
        ArgumentNullException.ThrowIfNull(cue);
        _cues.AddOrUpdate(cue.CueId, cue, (_, old) => cue.Status >= old.Status ? cue : old);
    }

    public CueUpdate[] Recent() =>
        [.. _cues.Values.OrderByDescending(c => c.IssuedAt).Take(RecentCueLimit).OrderBy(c => c.IssuedAt)];

    public void HandedOut(string runnerId, CueMessage cue) => _unreported[cue.CueId] = (runnerId, cue);

    public void Reported(string cueId) => _unreported.TryRemove(cueId, out _);

    /// <summary>The runner's unreported cues, oldest first, after dropping every expired one.</summary>
    public CueMessage[] Unreported(string runnerId, long nowUnixMs)
    {
        ForgetExpired(nowUnixMs);
        return [.. _unreported.Values.Where(p => p.RunnerId == runnerId).Select(p => p.Cue).OrderBy(c => c.IssuedAt)];
    }

    public void ForgetExpired(long nowUnixMs)
    {
        foreach (var (cueId, pending) in _unreported)
        {
            if (pending.Cue.ExpiresAt <= nowUnixMs)
            {
                _unreported.TryRemove(cueId, out _);
            }
        }
    }
}
