using System.Security.Claims;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Auth;

/// <summary>Reads the hub's claims from an authenticated principal.</summary>
internal static class HubCaller
{
    public static string? Role(this ClaimsPrincipal? user) => user?.FindFirstValue(LiveHubContract.Claims.Role);

    public static string? SessionId(this ClaimsPrincipal? user) => user?.FindFirstValue(LiveHubContract.Claims.SessionId);

    public static string? RunnerId(this ClaimsPrincipal? user) => user?.FindFirstValue(LiveHubContract.Claims.RunnerId);

    public static bool IsCoachOf(this ClaimsPrincipal? user, string sessionId) =>
        user.Role() == LiveHubContract.Roles.Coach && string.Equals(user.SessionId(), sessionId, StringComparison.Ordinal);

    public static string? ShareId(this ClaimsPrincipal? user) =>
        user.Role() == ShareTokenClaims.Role ? user?.FindFirstValue(ShareTokenClaims.ShareId) : null;

    public static bool IsRunner(this ClaimsPrincipal? user) =>
        user.Role() == LiveHubContract.Roles.Runner && user.SessionId() is not null && user.RunnerId() is not null;
}
