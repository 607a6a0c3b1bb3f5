using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text.Json;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Web.Auth;
using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Review;

/// <summary>
/// Who reads a session's review: a share link's token (a <c>#share=</c> fragment, kept in session storage per session;
/// read-only, maybe scoped to one runner), else the coach (the session's coach token, minted with the coach key when
/// missing or about to expire). Pages ask it for the <see cref="ReviewReader"/> before calling the hub.
/// </summary>
public sealed class ReviewAccess(CoachCredentials credentials, LiveCoachToken coachTokens)
{
    private const string ShareFragmentKey = "share=";

    /// <summary>
    /// Takes a <c>#share=TOKEN</c> fragment off the address bar (into session storage for this session), then resolves
    /// the reader: the share token if this tab holds one for the session, else the coach's token; null when neither.
    /// </summary>
    public async Task<ReviewReader?> ResolveAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var fragment = await credentials.TakeFragmentAsync();
        if (ParseShareToken(fragment) is { } fresh)
        {
            await credentials.SetShareTokenAsync(sessionId, fresh);
        }
        else if (CoachCredentials.ParseToken(fragment) is { } coachToken)
        {
            await credentials.SetCoachTokenAsync(sessionId, coachToken);
        }

        if (await credentials.GetShareTokenAsync(sessionId) is { } share)
        {
            return new ReviewReader(sessionId, share, IsShare: true, ScopedRunnerId: ReadClaim(share, LiveHubContract.Claims.RunnerId));
        }

        var coach = await coachTokens.FreshAsync(sessionId, await credentials.GetCoachTokenAsync(sessionId), cancellationToken);
        return coach is null ? null : new ReviewReader(sessionId, coach, IsShare: false, ScopedRunnerId: null);
    }

    /// <summary>The <c>share</c> parameter of a fragment such as <c>share=eyJ...</c>; null when absent or empty.</summary>
    public static string? ParseShareToken(string? fragment)
    {
        if (string.IsNullOrEmpty(fragment))
        {
            return null;
        }

        foreach (var part in fragment.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith(ShareFragmentKey, StringComparison.Ordinal) && part.Length > ShareFragmentKey.Length)
            {
                return Uri.UnescapeDataString(part[ShareFragmentKey.Length..]);
            }
        }

        return null;
    }

    /// <summary>A string claim of a JWT's payload (read, not verified: the hub verifies); null when absent or not a JWT.</summary>
    public static string? ReadClaim(string token, string claim)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty(claim, out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>A resolved reader of one session: the bearer token to send, and what the pages may show.</summary>
/// <param name="SessionId">The session read.</param>
/// <param name="Token">The bearer token sent to the hub (a share token or the session's coach token).</param>
/// <param name="IsShare">A share link: read-only, no session list, no cues or markers to send, no share management.</param>
/// <param name="ScopedRunnerId">The only runner a runner-scoped share link may read; null when it reads the group.</param>
public sealed record ReviewReader(string SessionId, string Token, bool IsShare, string? ScopedRunnerId)
{
    public AuthenticationHeaderValue Authorization => new("Bearer", Token);

    /// <summary>Whether this reader may see <paramref name="runnerId"/>.</summary>
    public bool MaySee(string runnerId) => ScopedRunnerId is null || string.Equals(ScopedRunnerId, runnerId, StringComparison.Ordinal);
}
