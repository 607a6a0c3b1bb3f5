using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>A cue waiting to be spoken, with its deadline already converted from hub time to this relay's clock.</summary>
public sealed record QueuedCue(int RunnerIndex, CueMessage Cue, DateTimeOffset ExpiresAtLocal);
