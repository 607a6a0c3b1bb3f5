using System.Data.Common;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>A share link as recorded: whose session, which runner when scoped, until when, and when revoked.</summary>
internal sealed record ShareRecord(string ShareId, string SessionId, string? RunnerId, long CreatedAt, long ExpiresAt, long? RevokedAt)
{
    public ShareInfo Info() => new() { ShareId = ShareId, RunnerId = RunnerId, CreatedAt = CreatedAt, ExpiresAt = ExpiresAt, RevokedAt = RevokedAt };
}

/// <summary>
/// The SQL of share links (SQLite and PostgreSQL): rows, so that a revocation is seen by every reader of the recording,
/// on every node sharing it, from the commit on.
/// </summary>
internal static class ShareRows
{
    private const string Columns = "share_id, session_id, runner_id, created_at, expires_at, revoked_at";

    public static void Insert(DbConnection connection, DbTransaction tx, ShareRecord share)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(share);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO shares ({Columns}) VALUES (@id, @s, @r, @c, @e, NULL)";
        cmd.AddParameter("@id", share.ShareId);
        cmd.AddParameter("@s", share.SessionId);
        cmd.AddParameter("@r", share.RunnerId, System.Data.DbType.String);
        cmd.AddParameter("@c", share.CreatedAt);
        cmd.AddParameter("@e", share.ExpiresAt);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Revokes a share of the session; false when it has no such share or it was revoked already.</summary>
    public static bool Revoke(DbConnection connection, DbTransaction tx, string sessionId, string shareId, long at)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE shares SET revoked_at = @at WHERE share_id = @id AND session_id = @s AND revoked_at IS NULL";
        cmd.AddParameter("@at", at);
        cmd.AddParameter("@id", shareId);
        cmd.AddParameter("@s", sessionId);
        return cmd.ExecuteNonQuery() == 1;
    }

    public static async Task<ShareRecord?> FindAsync(DbConnection connection, string shareId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM shares WHERE share_id = @id";
        cmd.AddParameter("@id", shareId);
        using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>A session's shares, newest first.</summary>
    public static async Task<List<ShareRecord>> ListAsync(DbConnection connection, string sessionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns} FROM shares WHERE session_id = @s ORDER BY created_at DESC, share_id";
        cmd.AddParameter("@s", sessionId);
        var list = new List<ShareRecord>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(Read(r));
        }

        return list;
    }

    private static ShareRecord Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5));
}
