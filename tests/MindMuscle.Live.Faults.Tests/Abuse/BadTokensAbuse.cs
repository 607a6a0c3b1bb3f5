using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Auth;
using static MindMuscle.Live.Faults.Tests.Abuse.AbuseClient;

namespace MindMuscle.Live.Faults.Tests.Abuse;

/// <summary>Forged (another key), expired and tampered JWTs, over HTTP and the hub's negotiate: 401 each.</summary>
internal static class BadTokensAbuse
{
    public static async Task<string> RunAsync(HubTestHost hub, CreateSessionResponse session, string runnerToken, CancellationToken ct)
    {
        var claims = new Dictionary<string, object>
        {
            [LiveHubContract.Claims.Role] = LiveHubContract.Roles.Coach,
            [LiveHubContract.Claims.SessionId] = session.SessionId,
        };
        var forged = Mint(claims, RandomKey(), DateTime.UtcNow.AddHours(1));
        var expired = Mint(claims, AbuseHub.SigningKey, DateTime.UtcNow.AddMinutes(-5));

        // Tampered: the runner's own valid token with its role flipped to coach, signature kept.
        var parts = runnerToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"runner\"", "\"coach\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.NotEqual(runnerToken, tampered);

        using var client = new HttpClient { BaseAddress = hub.BaseAddress, Timeout = Step };
        var count = 0;
        foreach (var token in new[] { forged, expired, tampered, "not-a-jwt", "" })
        {
            using (var samples = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session.SessionId}/samples"))
            {
                samples.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(samples, ct);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            using (var ingest = await PostIngestAsync(client, token, new SampleBatch { Samples = [Sample(1)] }, ct))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, ingest.StatusCode);
            }

            await using var connection = hub.CreateConnection(token);
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(ct).WaitAsync(Step, ct));
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
            count += 3;
        }

        return $"{count} requests with forged/expired/tampered/garbage/empty tokens: 401 each (REST, ingest, hub negotiate)";
    }

    private static string Mint(Dictionary<string, object> claims, byte[] key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            Claims = claims,
            Subject = new ClaimsIdentity(),
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    private static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);
}
