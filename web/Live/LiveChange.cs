namespace MindMuscle.Live.Web.Live;

/// <summary>What changed since the last animation frame.</summary>
[Flags]
public enum LiveChange
{
    None = 0,
    /// <summary>Runners joined, or the order of the grid changed (drifting first).</summary>
    Roster = 1,
    Alerts = 2,
    Cues = 4,
    Markers = 8,
    Reps = 16,
    Connection = 32,
    Session = 64,
    /// <summary>At least one runner's tile has something new (see <see cref="RunnerLive.Version"/>).</summary>
    Runners = 128,
}
