using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Auth;

/// <summary>Issues the HMAC-SHA256 JWTs of coaches and runners.</summary>
internal sealed class TokenIssuer(HubKeys keys, IOptions<HubOptions> options, TimeProvider time)
{
    public const string Issuer = "mml-hub";
    public const string Audience = "mml";

    private readonly JsonWebTokenHandler _handler = new();

    public SymmetricSecurityKey Key { get; } = new(keys.SigningKey);

    public (string Token, long ExpiresAt) IssueCoach(string sessionId) =>
        Issue(LiveHubContract.Roles.Coach, sessionId, runnerId: null);

    public (string Token, long ExpiresAt) IssueRunner(string sessionId, string runnerId) =>
        Issue(LiveHubContract.Roles.Runner, sessionId, runnerId);

    /// <summary>A read-only token of one session (one runner of it when scoped), valid until the share expires.</summary>
    public string IssueShare(string sessionId, string? runnerId, string shareId, DateTimeOffset expires) =>
        Issue(ShareTokenClaims.Role, sessionId, runnerId, expires, shareId).Token;

    private (string Token, long ExpiresAt) Issue(string role, string sessionId, string? runnerId, DateTimeOffset? expiresAt = null, string? shareId = null)
    {
        var now = time.GetUtcNow();
        var expires = expiresAt ?? now + options.Value.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [LiveHubContract.Claims.Role] = role,
            [LiveHubContract.Claims.SessionId] = sessionId,
        };
        if (runnerId is not null)
        {
            claims[LiveHubContract.Claims.RunnerId] = runnerId;
        }

        if (shareId is not null)
        {
            claims[ShareTokenClaims.ShareId] = shareId;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires.ToUnixTimeMilliseconds());
    }
}
