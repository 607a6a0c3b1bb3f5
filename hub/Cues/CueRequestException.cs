namespace MindMuscle.Live.Hub.Cues;

/// <summary>A cue request that cannot be sent as asked; the message says what to fix.</summary>
internal sealed class CueRequestException : Exception
{
    public CueRequestException()
    {
    }

    public CueRequestException(string message)
        : base(message)
    {
    }

    public CueRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
