using System.Collections.Concurrent;
using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.Bench.BareHub;

/// <summary>Cues in flight in the baseline: which session's coaches hear about a cue when its runner reports on it.</summary>
internal sealed class BareCues
{
    private readonly ConcurrentDictionary<string, (string Session, CueUpdate Update)> _open = new(StringComparer.Ordinal);

    public void Sent(string session, CueUpdate update) => _open[update.CueId] = (session, update);

    /// <summary>The session and the cue's update for a runner's report; false for an unknown cue (reported once only).</summary>
    public bool TryReported(string cueId, out string session, out CueUpdate update)
    {
        if (_open.TryRemove(cueId, out var open))
        {
            (session, update) = open;
            return true;
        }

        (session, update) = ("", new CueUpdate());
        return false;
    }
}
