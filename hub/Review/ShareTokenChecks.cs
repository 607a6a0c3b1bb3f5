using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;

namespace MindMuscle.Live.Hub.Review;

/// <summary>
/// Hooks into JWT bearer validation for share tokens: a share token is checked against its recorded row on every
/// request (so a revocation holds at once, on every node sharing the recording), never opens the live hub, and every
/// 401/403 answered to one is counted. Expired and revoked links get a detail that says so (<see cref="Access.ShareRefusalItem"/>).
/// </summary>
internal static class ShareTokenChecks
{
    public static void Attach(JwtBearerEvents events)
    {
        var validated = events.OnTokenValidated;
        var failed = events.OnAuthenticationFailed;
        events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Principal.ShareId() is { } shareId)
            {
                await CheckAsync(context, shareId);
            }
        };
        events.OnAuthenticationFailed = async context =>
        {
            await failed(context);
            if (context.Exception is SecurityTokenExpiredException expired && IsShareToken(context.HttpContext))
            {
                Refuse(context.HttpContext, "expired", string.Create(
                    CultureInfo.InvariantCulture, $"This share link expired at {expired.Expires:yyyy-MM-dd HH:mm} UTC; ask the coach for a new link"));
            }
        };
    }

    private static async Task CheckAsync(TokenValidatedContext context, string shareId)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        CountRefusals(http, services.GetRequiredService<ReviewMetrics>());
        if (http.Request.Path.StartsWithSegments(LiveHubContract.Path))
        {
            context.Fail("A share link reads the recording only; it never connects to the live hub");
            return;
        }

        var store = services.GetRequiredService<RecordingStore>();
        // Straight to the database: the shares table is written directly, never through the samples inbox.
        await using var connection = await store.Database.OpenAsync(http.RequestAborted);
        var share = await ShareRows.FindAsync(connection, shareId, http.RequestAborted);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        var why = share switch
        {
            null => ("unknown", "This share link is not known to this hub; ask the coach for a new link"),
            { RevokedAt: { } at } => ("revoked", $"This share link was revoked at {Utc(at)} UTC; ask the coach for a new link"),
            { ExpiresAt: var exp } when exp <= now => ("expired", $"This share link expired at {Utc(exp)} UTC; ask the coach for a new link"),
            _ => default((string, string)?),
        };
        if (why is var (reason, message))
        {
            Refuse(http, reason, message);
            context.Fail(message);
        }
    }

    private static void Refuse(HttpContext http, string reason, string message)
    {
        http.Items[Access.ShareRefusalItem] = message;
        http.RequestServices.GetRequiredService<ReviewMetrics>().ShareRefused(reason);
    }

    /// <summary>Counts a 401 or 403 answered to a share token, by the kind of request refused.</summary>
    private static void CountRefusals(HttpContext http, ReviewMetrics metrics) =>
        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
                && http.Items[Access.ShareRefusalItem] is null)
            {
                metrics.ShareRefused(http.Request.Path.StartsWithSegments(LiveHubContract.Path) ? "live" : "forbidden");
            }

            return Task.CompletedTask;
        });

    private static bool IsShareToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var token = new JsonWebToken(header[Bearer.Length..].Trim());
            return token.TryGetPayloadValue<string>(LiveHubContract.Claims.Role, out var role) && role == ShareTokenClaims.Role;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Utc(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
