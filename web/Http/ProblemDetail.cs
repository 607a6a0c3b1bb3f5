using System.Text.Json;

namespace MindMuscle.Live.Web.Http;

/// <summary>The hub answers a refusal with a problem whose <c>detail</c> says what to fix; the pages show it as is.</summary>
public static class ProblemDetail
{
    /// <summary>The <c>detail</c> of <paramref name="response"/>'s problem body, if it has one.</summary>
    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            using var problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                && problem.RootElement.TryGetProperty("detail", out var detail)
                && detail.ValueKind == JsonValueKind.String
                    ? detail.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
