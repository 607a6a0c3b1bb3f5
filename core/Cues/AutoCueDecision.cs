namespace MindMuscle.Live.Core.Cues;

public enum AutoCueAction
{
    /// <summary>Nothing to say now.</summary>
    None = 0,
    /// <summary>Show the cue to the coach, who confirms it with one key (<c>SendCue</c> with the cue id).</summary>
    Suggest = 1,
    /// <summary>The hub sends the cue to the runner itself.</summary>
    Send = 2,
}

/// <summary>What the auto-cue policy says to do about an alert or a check-in.</summary>
public readonly record struct AutoCueDecision(AutoCueAction Action, string? CueId, string? Text, CueSource Source)
{
    public static AutoCueDecision None { get; }
}
