using MindMuscle.Live.Core.Cues;

namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>Where a cue's words go. <see cref="SpeakAsync"/> completes when the speech has finished.</summary>
public interface ISpeechOutput
{
    /// <summary>A short name for the status line, e.g. "espeak-ng" or "wav:/tmp/cues".</summary>
    string Name { get; }

    Task SpeakAsync(CueMessage cue, CancellationToken cancellationToken);
}
