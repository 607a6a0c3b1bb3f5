using System.Text.Json;

namespace MindMuscle.Live.CoachConsole.HubClient;

/// <summary>Reads the human part of an RFC 7807 problem+json body, or a short plain-text body.</summary>
internal static class ProblemDetail
{
    private const int MaxPlainText = 300;

    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return Describe(text);
    }

    public static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(no detail)";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var title = Text(document.RootElement, "title");
                var detail = Text(document.RootElement, "detail");
                if (title is not null || detail is not null)
                {
                    return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the plain text.
        }

        return body.Length <= MaxPlainText ? body.Trim() : string.Concat(body.AsSpan(0, MaxPlainText), "…");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
