using Microsoft.Data.Sqlite;

namespace MindMuscle.Live.Bench.Load.Measure;

/// <summary>What the bare hub's recording file held: rows, and per session and runner which seqs.</summary>
internal sealed record SqliteScanResult(long Rows, IReadOnlyDictionary<string, Dictionary<string, SeqSet>> SeqsBySession);

/// <summary>Reads the bare hub's SQLite recording (<c>--record</c>) beside the running hub: WAL lets a reader see every commit.</summary>
internal static class SqliteRecordingScan
{
    public static SqliteScanResult Scan(string path, long seqCapacity)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_id, runner_id, seq FROM samples";
        using var reader = command.ExecuteReader();
        var sessions = new Dictionary<string, Dictionary<string, SeqSet>>(StringComparer.Ordinal);
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            var session = reader.GetString(0);
            var runner = reader.GetString(1);
            if (!sessions.TryGetValue(session, out var runners))
            {
                sessions[session] = runners = new Dictionary<string, SeqSet>(StringComparer.Ordinal);
            }

            if (!runners.TryGetValue(runner, out var seqs))
            {
                runners[runner] = seqs = new SeqSet(seqCapacity);
            }

            seqs.Add(reader.GetInt64(2));
        }

        return new SqliteScanResult(rows, sessions);
    }
}
