using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>What the session list shows of each recorded session: its duration and how many alerts and cues it has.</summary>
internal sealed record SessionTotals(long? DurationMs, long AlertCount, long CueCount)
{
    /// <summary>
    /// Every session's totals, one query: per session, two index seeks in the samples table for the first and last sample
    /// and two index range counts. On SQLite each inbox table adds a scan of its own for both (it has no index): small
    /// while the recorder moves it, the whole inbox for a file left unmoved (a crash, served read-only).
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

    /// <summary>With an inbox, each table's first and last sample of the session, and the least and greatest of them.</summary>
    internal static string Sql(IReadOnlyList<string> tables)
    {
        string Last(string t) => $"SELECT MAX(observed_at) AS m FROM {t} WHERE session_id = s.session_id";
        string First(string t) => $"SELECT MIN(observed_at) AS m FROM {t} WHERE session_id = s.session_id";
        var duration = tables is [var only]
            ? $"({Last(only)}) - ({First(only)})"
            : $"(SELECT MAX(m) FROM ({SampleTables.UnionAll(tables, Last)}) AS l) - (SELECT MIN(m) FROM ({SampleTables.UnionAll(tables, First)}) AS f)";
        return $"""
            SELECT s.session_id,
                   {duration},
                   (SELECT COUNT(*) FROM alerts WHERE session_id = s.session_id),
                   (SELECT COUNT(*) FROM cues WHERE session_id = s.session_id)
            FROM sessions s
            """;
    }
}
