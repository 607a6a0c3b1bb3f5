using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Hub.Auth;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Sessions;

namespace MindMuscle.Live.Hub.Review;

/// <summary>
/// Read-only share links of a session, managed by its coach: <c>POST</c> creates one (a share token in the review URL's
/// fragment), <c>GET</c> lists them, <c>DELETE .../{shareId}</c> revokes one at once.
/// </summary>
internal static class SharesApi
{
    public static RouteGroupBuilder MapShares(this RouteGroupBuilder session)
    {
        session.MapPost("/shares", CreateAsync);
        session.MapGet("/shares", ListAsync);
        session.MapDelete("/shares/{shareId}", RevokeAsync);
        return session;
    }

    private static async Task<IResult> CreateAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, TokenIssuer tokens,
        IOptions<HubOptions> options, TimeProvider time, CancellationToken ct)
    {
        var session = registry.Find(id);
        if (Access.CoachOnly(http, keys, session, id) is { } denied)
        {
            return denied;
        }

        var request = new CreateShareRequest();
        if (http.Request.ContentLength is not 0)
        {
            var (body, error) = await JsonBody.ReadAsync<CreateShareRequest>(http, ct);
            if (error is not null)
            {
                return error;
            }

            request = body!;
        }

        var hours = request.ExpiresInHours ?? CreateShareRequest.DefaultHours;
        if (hours is < CreateShareRequest.MinHours or > CreateShareRequest.MaxHours)
        {
            return Problems.BadRequest($"expiresInHours is {hours}; send {CreateShareRequest.MinHours}..{CreateShareRequest.MaxHours} (default {CreateShareRequest.DefaultHours}, a week)");
        }

        if (request.RunnerId is { } runnerId && registry.FindRunner(session!, runnerId) is null)
        {
            return Problems.BadRequest($"runnerId '{runnerId}' is not a runner of session '{id}'; leave it out to share the whole session");
        }

        var now = time.GetUtcNow();
        var expires = now.AddHours(hours);
        var share = new ShareRecord(
            "sh-" + RandomNumberGenerator.GetHexString(16, lowercase: true), id, request.RunnerId, now.ToUnixTimeMilliseconds(),
            expires.ToUnixTimeMilliseconds(), null);
        await store.WriteAsync(1, (c, tx) => ShareRows.Insert(c, tx, share), ct);
        var token = tokens.IssueShare(id, request.RunnerId, share.ShareId, expires);
        var url = $"{WebAppUrls.Base(http.Request, options.Value)}/sessions/{Uri.EscapeDataString(id)}/review#share={Uri.EscapeDataString(token)}";
        return TypedResults.Created(
            $"/api/sessions/{id}/shares/{share.ShareId}", new ShareCreated { ShareId = share.ShareId, Url = url, ExpiresAt = share.ExpiresAt });
    }

    private static async Task<IResult> ListAsync(
        string id, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, CancellationToken ct)
    {
        if (Access.CoachOnly(http, keys, registry.Find(id), id) is { } denied)
        {
            return denied;
        }

        await using var connection = await store.Database.OpenAsync(ct);
        return TypedResults.Ok((await ShareRows.ListAsync(connection, id, ct)).Select(s => s.Info()).ToArray());
    }

    private static async Task<IResult> RevokeAsync(
        string id, string shareId, HttpContext http, HubKeys keys, SessionRegistry registry, RecordingStore store, TimeProvider time,
        CancellationToken ct)
    {
        if (Access.CoachOnly(http, keys, registry.Find(id), id) is { } denied)
        {
            return denied;
        }

        var revoked = false;
        var at = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.WriteAsync(1, (c, tx) => revoked = ShareRows.Revoke(c, tx, id, shareId, at), ct);
        if (revoked)
        {
            return TypedResults.NoContent();
        }

        await using var connection = await store.Database.OpenAsync(ct);
        return await ShareRows.FindAsync(connection, shareId, ct) is { } share && share.SessionId == id
            ? TypedResults.NoContent()
            : Problems.NotFound($"Session '{id}' has no share '{shareId}'; list them with GET /api/sessions/{id}/shares");
    }
}
