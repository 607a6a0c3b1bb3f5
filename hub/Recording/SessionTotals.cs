using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>What the session list shows of each recorded session: its duration and how many alerts and cues it has.</summary>
internal sealed record SessionTotals(long? DurationMs, long AlertCount, long CueCount)
{
    /// <summary>
    /// Every session's totals, one query: per session, two index seeks in the samples table for the first and last sample
    /// and two index range counts. On SQLite the inbox tables (no index) are scanned once for all sessions, grouped by
    /// session: small while the recorder moves them, the whole inbox for a file left unmoved (a crash, served read-only).
    /// </summary>
    public static async Task<Dictionary<string, SessionTotals>> ReadAllAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Sql(SampleTables.Of(connection));
        var totals = new Dictionary<string, SessionTotals>(StringComparer.Ordinal);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            totals[r.GetString(0)] = new SessionTotals(r.IsDBNull(1) ? null : r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        }

        return totals;
    }

    /// <summary>
    /// With an inbox, the samples table's first and last sample of each session (seeks) against the inbox's, taken in
    /// one grouped scan of the inbox tables (not a correlated scan of each per session), and the least and greatest.
    /// </summary>
    internal static string Sql(IReadOnlyList<string> tables)
    {
        string Last(string t) => $"SELECT MAX(observed_at) AS m FROM {t} WHERE session_id = s.session_id";
        string First(string t) => $"SELECT MIN(observed_at) AS m FROM {t} WHERE session_id = s.session_id";
        if (tables is [var only])
        {
            return $"""
                SELECT s.session_id,
                       ({Last(only)}) - ({First(only)}),
                       (SELECT COUNT(*) FROM alerts WHERE session_id = s.session_id),
                       (SELECT COUNT(*) FROM cues WHERE session_id = s.session_id)
                FROM sessions s
                """;
        }

        // SQLite only (PostgreSQL has no inbox): MAX/MIN over the two values skip a NULL (no rows on that side).
        var inbox = SampleTables.UnionAll([.. tables.Skip(1)], t => $"SELECT session_id, observed_at FROM {t}");
        return $"""
            SELECT s.session_id,
                   (SELECT MAX(m) FROM ({Last(tables[0])} UNION ALL SELECT i.last_at) AS l)
                   - (SELECT MIN(m) FROM ({First(tables[0])} UNION ALL SELECT i.first_at) AS f),
                   (SELECT COUNT(*) FROM alerts WHERE session_id = s.session_id),
                   (SELECT COUNT(*) FROM cues WHERE session_id = s.session_id)
            FROM sessions s
            LEFT JOIN (SELECT session_id, MIN(observed_at) AS first_at, MAX(observed_at) AS last_at FROM ({inbox}) AS u GROUP BY session_id) AS i
                ON i.session_id = s.session_id
            """;
    }
}
