namespace MindMuscle.Live.RunnerKit.Speech;

/// <summary>The speech backend failed for one cue; the cue is reported dropped with this message.</summary>
public sealed class SpeechOutputException : Exception
{
    public SpeechOutputException()
    {
    }

    public SpeechOutputException(string message)
        : base(message)
    {
    }

    public SpeechOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
