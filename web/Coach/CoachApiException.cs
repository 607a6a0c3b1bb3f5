namespace MindMuscle.Live.Web.Coach;

public enum CoachApiFailure
{
    /// <summary>No answer: the hub is down or this device is on another network.</summary>
    Unreachable,

    /// <summary>401: the coach key is wrong (or the hub's key changed since sign-in).</summary>
    KeyRejected,

    NotFound,

    /// <summary>Any other refusal; the message is the hub's own explanation.</summary>
    Rejected,
}

/// <summary>A failed call to the hub, with a message written for the coach.</summary>
public sealed class CoachApiException : Exception
{
    public CoachApiException()
    {
    }

    public CoachApiException(string message)
        : base(message)
    {
    }

    public CoachApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CoachApiException(CoachApiFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public CoachApiFailure Failure { get; } = CoachApiFailure.Rejected;
}
