namespace MindMuscle.Live.Hub.Cues;

/// <summary>An auto-cue switch refused; <see cref="Reason"/> is the stable word (<c>unknownMode</c>, <c>sessionEnded</c>).</summary>
internal sealed class AutoCueRejectedException : Exception
{
    public AutoCueRejectedException()
    {
    }

    public AutoCueRejectedException(string message)
        : base(message)
    {
    }

    public AutoCueRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AutoCueRejectedException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public string Reason { get; } = "invalid";
}
