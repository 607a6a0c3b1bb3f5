using System.Data.Common;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>What the session list shows of each recorded session: its duration and how many alerts and cues it has.</summary>
internal sealed record SessionTotals(long? DurationMs, long AlertCount, long CueCount)
{
    /// <summary>
    /// Every session's totals, one query: per session, two index seeks for the first and last sample (never a scan of
    /// the samples) and two index range counts.
    /// </summary>
    public static async Task<Dictionary<string, SessionTotals>> ReadAllAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT s.session_id,
                   (SELECT MAX(observed_at) FROM samples WHERE session_id = s.session_id) - (SELECT MIN(observed_at) FROM samples WHERE session_id = s.session_id),
                   (SELECT COUNT(*) FROM alerts WHERE session_id = s.session_id),
                   (SELECT COUNT(*) FROM cues WHERE session_id = s.session_id)
            FROM sessions s
            """;
        var totals = new Dictionary<string, SessionTotals>(StringComparer.Ordinal);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            totals[r.GetString(0)] = new SessionTotals(r.IsDBNull(1) ? null : r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
        }

        return totals;
    }
}
