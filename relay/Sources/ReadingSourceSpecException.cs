namespace MindMuscle.Live.Relay.Sources;

/// <summary>A <c>--source</c> value or its file could not be used; the message says what is accepted.</summary>
internal sealed class ReadingSourceSpecException : Exception
{
    public ReadingSourceSpecException()
    {
    }

    public ReadingSourceSpecException(string message)
        : base(message)
    {
    }

    public ReadingSourceSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
