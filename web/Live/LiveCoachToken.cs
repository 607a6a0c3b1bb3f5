using System.Net.Http.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Auth;

namespace MindMuscle.Live.Web.Live;

/// <summary>
/// The live view's coach token: the one the coach URL brought (session storage), else one minted with the signed-in
/// coach's key (<c>POST /api/sessions/{id}/coach-token</c>), which is also how an expired token is replaced.
/// </summary>
public sealed class LiveCoachToken(CoachCredentials credentials, HttpClient http)
{
    private const string CoachKeyHeader = "X-Coach-Key";

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
