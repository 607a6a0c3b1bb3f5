using MindMuscle.Live.RunnerKit.Speech;
namespace MindMuscle.Live.Relay.Speech;

/// <summary>Builds the speech backend named by <c>--speech espeak|wav:DIR|console|none</c>.</summary>
internal static class SpeechOutputFactory
{
    public static ISpeechOutput Create(string spec, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            "espeak" or "espeak-ng" => new EspeakSpeechOutput(),
            "console" => new ConsoleSpeechOutput(console),
            "none" => new NoneSpeechOutput(),
            _ when spec.StartsWith("wav:", StringComparison.Ordinal) && spec.Length > 4 => new EspeakSpeechOutput(spec[4..]),
            _ => throw new ArgumentException($"Unknown --speech '{spec}': use espeak, wav:DIR, console or none.", nameof(spec)),
        };
    }
}
