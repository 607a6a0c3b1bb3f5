using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Web.Runner;

/// <summary><c>POST /api/join</c> from the phone. A refusal becomes a <see cref="RunnerJoinException"/> with the hub's sentence.</summary>
public sealed class RunnerJoinClient(HttpClient http)
{
    public async Task<(JoinResponse Response, DateTimeOffset? HubDate)> JoinAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("api/join", request, RunnerJsonContext.Default.JoinRequest, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new RunnerJoinException(
                $"Cannot reach the hub at {http.BaseAddress}: check that this phone is on the coach's Wi-Fi or hotspot, then try again.",
                permanent: false, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync(RunnerJsonContext.Default.JoinResponse, cancellationToken)
                    ?? throw new RunnerJoinException("The hub answered the join with an empty body; try again.", permanent: false);
                return (body, response.Headers.Date);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var permanent = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
                or HttpStatusCode.Gone or HttpStatusCode.Conflict or HttpStatusCode.Unauthorized;
            var message = response.StatusCode == HttpStatusCode.TooManyRequests
                ? "The hub is busy with other joins; wait a few seconds and try again."
                : ProblemDetail(text) ?? $"The hub refused the join ({(int)response.StatusCode}); check the code with your coach.";
            throw new RunnerJoinException(message, permanent);
        }
    }

    /// <summary>The hub answers with problem+json: its detail (or title) is the sentence a runner should read.</summary>
    private static string? ProblemDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var name in (string[])["detail", "title"])
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}

/// <summary>A join that did not work: <see cref="Permanent"/> when the hub refused it (retrying the same will not help).</summary>
public sealed class RunnerJoinException : Exception
{
    public RunnerJoinException()
    {
    }

    public RunnerJoinException(string message)
        : base(message)
    {
    }

    public RunnerJoinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RunnerJoinException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
    }

    public bool Permanent { get; }
}
