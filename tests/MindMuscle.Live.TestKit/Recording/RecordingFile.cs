using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.TestKit.Recording;

/// <summary>Reads a hub's SQLite recording from outside the hub, as a second process would (WAL readers do not block it).</summary>
public static class RecordingFile
{
    /// <summary>Each runner's recorded seqs in order, read from <c>recording.db</c> under <paramref name="dataPath"/>.</summary>
    public static Dictionary<string, List<long>> RecordedSeqs(string dataPath, string sessionId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "recording.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        // Samples committed but not yet moved out of the inbox (a hub killed, or still running) are recorded too.
        cmd.CommandText = """
            SELECT runner_id, seq FROM samples WHERE session_id = $s
            UNION ALL SELECT runner_id, seq FROM samples_inbox WHERE session_id = $s
            ORDER BY runner_id, seq
            """;
        cmd.Parameters.AddWithValue("$s", sessionId);
        using var r = cmd.ExecuteReader();
        var seqs = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        while (r.Read())
        {
            var runner = r.GetString(0);
            if (!seqs.TryGetValue(runner, out var list))
            {
                seqs[runner] = list = [];
            }

            list.Add(r.GetInt64(1));
        }

        return seqs;
    }
}
