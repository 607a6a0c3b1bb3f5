using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Auth;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The live view's coach token: the one the coach URL brought (session storage), else one minted with the signed-in
/// coach's key (<c>POST /api/sessions/{id}/coach-token</c>), which is also how an expired token is replaced.
/// </summary>
public sealed class LiveCoachToken(CoachCredentials credentials, HttpClient http, TimeProvider time)
{
    private const string CoachKeyHeader = "X-Coach-Key";

    /// <summary>A token this close to its expiry is replaced before a (re)connect rather than refused during it.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <paramref name="current"/>, or a fresh one when it is about to expire and the coach key can mint another: a page
    /// left open longer than a token lives keeps reconnecting.
    /// </summary>
    public async Task<string?> FreshAsync(string sessionId, string? current, CancellationToken cancellationToken)
    {
        if (current is not null && ExpiresAt(current) is { } expires && expires - RenewBefore > time.GetUtcNow())
        {
            return current;
        }

        return await MintAsync(sessionId, cancellationToken) ?? current;
    }

    /// <summary>The <c>exp</c> of a JWT (read, not verified: the hub verifies); null when it has none or is not a JWT.</summary>
    public static DateTimeOffset? ExpiresAt(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var json = JsonDocument.Parse(payload);
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored token, or a fresh one from the coach key; null when there is neither.</summary>
    public async Task<string?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        await credentials.GetCoachTokenAsync(sessionId) ?? await MintAsync(sessionId, cancellationToken);

    /// <summary>A new token from the coach key (the stored one was refused); null without a key or when refused.</summary>
    public async Task<string?> MintAsync(string sessionId, CancellationToken cancellationToken)
    {
        var key = await credentials.GetCoachKeyAsync();
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/sessions/{Uri.EscapeDataString(sessionId)}/coach-token");
        request.Headers.Add(CoachKeyHeader, key);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var minted = await response.Content.ReadFromJsonAsync<CreateSessionResponse>(cancellationToken);
        if (string.IsNullOrEmpty(minted?.CoachToken))
        {
            return null;
        }

        await credentials.SetCoachTokenAsync(sessionId, minted.CoachToken);
        return minted.CoachToken;
    }
}
