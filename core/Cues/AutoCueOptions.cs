using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Cues;

/// <summary>Rate limits of the auto-cue policy. Times are hub-clock seconds.</summary>
public sealed record AutoCueOptions
{
    /// <summary>At most one automatic cue per runner per this many seconds (default 60): a cue needs time to work.</summary>
    [JsonPropertyName("gapSeconds")] public double GapSeconds { get; init; } = 60;

    /// <summary>
    /// Quiet time after a coach's own cue was spoken (or expired), seconds (default 20): the runner is still acting on
    /// the coach's words and a machine voice on top would talk over them.
    /// </summary>
    [JsonPropertyName("coachQuietSeconds")] public double CoachQuietSeconds { get; init; } = 20;

    /// <summary>Periodic check-in interval per runner in auto mode, seconds; 0 = off (default 300).</summary>
    [JsonPropertyName("checkInIntervalSeconds")] public double CheckInIntervalSeconds { get; init; } = 300;

    public static AutoCueOptions Default { get; } = new();
}
