using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Speech;

/// <summary><c>--speech none</c>: cues are heard (and reported spoken) without sound, e.g. for load runs.</summary>
internal sealed class NoneSpeechOutput : ISpeechOutput
{
    public string Name => "none";

    public Task SpeakAsync(CueMessage cue, CancellationToken cancellationToken) => Task.CompletedTask;
}
