using System.Text.Json;

namespace MindMuscle.Live.Hub;

internal static class JsonBody
{
    /// <summary>
    /// Reads a JSON body; a malformed one becomes a problem naming the JSON path to fix (or <paramref name="malformed"/>'s
    /// answer, for an endpoint with its own typed problems).
    /// </summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, CancellationToken ct, Func<JsonException, IResult>? malformed = null)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                detail: "Send the body as JSON with Content-Type: application/json",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type"));
        }

        try
        {
            var value = await http.Request.ReadFromJsonAsync<T>(ct);
            return value is null ? (null, Problems.BadRequest("The body is empty or null; send a JSON object")) : (value, null);
        }
        catch (JsonException ex) when (malformed is not null)
        {
            return (null, malformed(ex));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The JSON body is malformed at {ex.Path ?? "$"} (line {ex.LineNumber}, byte {ex.BytePositionInLine}): check that field's type and value", "Malformed JSON"));
        }
    }
}
