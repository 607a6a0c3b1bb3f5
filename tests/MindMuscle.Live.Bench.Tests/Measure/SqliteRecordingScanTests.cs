using Microsoft.Data.Sqlite;
using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

/// <summary>The bare hub's recording file read back per session and runner, on a real SQLite file.</summary>
public sealed class SqliteRecordingScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mml-bench-scan-").FullName;

    [Fact]
    public void Scan_GapAndDoubleInOneRunner_CountsThemPerSessionAndRunner()
    {
        var path = Write(("s1", "r1", 1), ("s1", "r1", 2), ("s1", "r1", 2), ("s1", "r1", 4), ("s2", "r2", 1));

        var scan = SqliteRecordingScan.Scan(path, seqCapacity: 16);

        Assert.Equal(5, scan.Rows);
        var r1 = scan.SeqsBySession["s1"]["r1"];
        Assert.Equal(3, r1.Distinct);
        Assert.Equal(1, r1.Duplicates);
        Assert.Equal(1, r1.MissingUpTo(4));
        Assert.Equal(0, scan.SeqsBySession["s2"]["r2"].MissingUpTo(1));
        Assert.False(scan.SeqsBySession["s2"].ContainsKey("r1"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(params (string Session, string Runner, long Seq)[] rows)
    {
        var path = Path.Combine(_dir, "bare-recording.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE samples (session_id TEXT NOT NULL, runner_id TEXT NOT NULL, seq INTEGER NOT NULL)";
        command.ExecuteNonQuery();
        foreach (var (session, runner, seq) in rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO samples VALUES ($s, $r, $q)";
            insert.Parameters.AddWithValue("$s", session);
            insert.Parameters.AddWithValue("$r", runner);
            insert.Parameters.AddWithValue("$q", seq);
            insert.ExecuteNonQuery();
        }

        return path;
    }
}
