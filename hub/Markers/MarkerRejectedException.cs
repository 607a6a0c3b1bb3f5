namespace MindMuscle.Live.Hub.Markers;

/// <summary>A marker request the hub refuses; <see cref="Reason"/> is the metric tag, the message says what to fix.</summary>
internal sealed class MarkerRejectedException : Exception
{
    public MarkerRejectedException()
    {
    }

    public MarkerRejectedException(string message)
        : base(message)
    {
    }

    public MarkerRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MarkerRejectedException(string reason, string field, string message)
        : base(message)
    {
        Reason = reason;
        Field = field;
    }

    /// <summary><c>unknownKind</c>, <c>unknownRunner</c>, <c>textTooLong</c>, <c>textRequired</c>, <c>at</c> or <c>malformed</c>.</summary>
    public string Reason { get; } = "malformed";

    /// <summary>The request's field at fault (<c>kind</c>, <c>runnerId</c>, <c>text</c>, <c>at</c>), or <c>$</c>.</summary>
    public string Field { get; } = "$";
}
