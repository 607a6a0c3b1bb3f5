using System.Net;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>The hub answered a REST call with an error; <see cref="Exception.Message"/> carries its problem+json detail.</summary>
internal sealed class HubApiException : Exception
{
    public HubApiException()
    {
    }

    public HubApiException(string message) : base(message)
    {
    }

    public HubApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public HubApiException(HttpStatusCode status, string message) : base(message) => Status = status;

    public HttpStatusCode? Status { get; }
}
