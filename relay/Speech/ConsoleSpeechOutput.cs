using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.RunnerKit.Speech;

namespace MindMuscle.Live.Relay.Speech;

/// <summary><c>--speech console</c>: prints each cue on its own line.</summary>
internal sealed class ConsoleSpeechOutput(TextWriter writer) : ISpeechOutput
{
    public string Name => "console";

    public async Task SpeakAsync(CueMessage cue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cue);
        await writer.WriteLineAsync($"[cue {cue.Priority.ToString().ToLowerInvariant()}] {cue.Text}".AsMemory(), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
