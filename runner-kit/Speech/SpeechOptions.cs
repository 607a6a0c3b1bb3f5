namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>How cues are spoken: spacing, backlog and the longest a cue may take.</summary>
public sealed record SpeechOptions
{
    /// <summary>Silence between two cues, so a runner hears them as separate instructions. Default 1.5 s.</summary>
    public TimeSpan MinimumGap { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Cues waiting at most. A coach flooding one runner gets the lowest-priority, oldest cue dropped (reported
    /// <c>dropped</c>), never an unbounded backlog spoken minutes late. Default 8.
    /// </summary>
    public int MaxQueued { get; init; } = 8;

    /// <summary>Longest a single cue may take to speak before it is cut off. Default 30 s.</summary>
    public TimeSpan MaxSpeakDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Refuses a value that cannot work, naming the setting.</summary>
    public void Validate()
    {
        OptionRange.Check(MinimumGap, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueued, 1);
        OptionRange.Check(MaxSpeakDuration, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
    }
}
