using MindMuscle.Live.Core.Alerts;

namespace MindMuscle.Live.Core.Cues;

/// <summary>
/// Picks the next cue for a runner so the runner never hears the same sentence twice in a row: each alert kind (and the
/// check-ins) cycles through its cues, skipping the one the runner heard last. Not thread-safe; one owner per session.
/// </summary>
public sealed class CueRotation(CueCatalog catalog)
{
    private readonly Dictionary<string, RunnerCues> _runners = new(StringComparer.Ordinal);

    /// <summary>The next cue for <paramref name="kind"/>; null for coach-only kinds or a kind with no cues.</summary>
    public CueChoice? Next(string runnerId, AlertKind kind, string? side) =>
        CueCatalog.IsSpoken(kind) ? Pick(runnerId, (int)kind, catalog.ForKind(kind), side) : null;

    /// <summary>The next periodic check-in cue; null when the catalog has none.</summary>
    public CueChoice? NextCheckIn(string runnerId) => Pick(runnerId, CheckInSlot, catalog.CheckIns, side: null);

    /// <summary>Records a sentence the runner heard from elsewhere (a coach cue), so the rotation does not repeat it.</summary>
    public void NoteHeard(string runnerId, string text) => State(runnerId).LastText = text;

    /// <summary>The last sentence picked for or heard by the runner, if any.</summary>
    public string? LastText(string runnerId) => _runners.TryGetValue(runnerId, out var state) ? state.LastText : null;

    public void Forget(string runnerId) => _runners.Remove(runnerId);

    private static int CheckInSlot => Enum.GetValues<AlertKind>().Length;

    private CueChoice? Pick(string runnerId, int slot, IReadOnlyList<CueEntry> entries, string? side)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        var state = State(runnerId);
        var start = state.Cursors[slot];
        for (var i = 0; i < entries.Count; i++)
        {
            var index = (start + i) % entries.Count;
            var text = entries[index].Render(side);
            if (entries.Count == 1 || !string.Equals(text, state.LastText, StringComparison.Ordinal))
            {
                state.Cursors[slot] = index + 1;
                state.LastText = text;
                return new CueChoice(entries[index].IdFor(side), text);
            }
        }

        // Every cue of the group renders to the last sentence heard (only possible with duplicate coach cues).
        return null;
    }

    private RunnerCues State(string runnerId)
    {
        if (!_runners.TryGetValue(runnerId, out var state))
        {
            state = new RunnerCues(CheckInSlot + 1);
            _runners.Add(runnerId, state);
        }

        return state;
    }

    private sealed class RunnerCues(int slots)
    {
        public int[] Cursors { get; } = new int[slots];

        public string? LastText { get; set; }
    }
}
