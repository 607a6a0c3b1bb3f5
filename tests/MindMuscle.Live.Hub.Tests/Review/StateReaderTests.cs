using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording.Postgres;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>State at an instant on SQLite: generated recordings against the raw samples.</summary>
public sealed class StateReaderTests
{
    [Fact]
    public async Task LatestAtOrBefore_RandomRecordings_EqualsTheLastRawSampleAtOrBefore()
    {
        var folder = Directory.CreateTempSubdirectory("mml-state-");
        try
        {
            await using (var db = new SqliteRecordingDatabase(folder.FullName))
            {
                db.ApplySchema();
                StateProperty.Check(db, iterations: 200);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LatestAtOrBefore_Plan_OneSeekOnTheRunnerTimeIndexWithoutASort()
    {
        var folder = Directory.CreateTempSubdirectory("mml-state-plan-");
        try
        {
            await using var db = new SqliteRecordingDatabase(folder.FullName);
            db.ApplySchema();
            await using var connection = (SqliteConnection)db.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                EXPLAIN QUERY PLAN SELECT seq FROM samples
                WHERE session_id = 's' AND runner_id = 'r' AND observed_at <= 10 ORDER BY observed_at DESC, seq DESC LIMIT 1
                """;
            using var r = cmd.ExecuteReader();
            var plan = new List<string>();
            while (r.Read())
            {
                plan.Add(r.GetString(3));
            }

            Assert.Contains(plan, p => p.Contains("samples_by_runner_time", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>The same property against a real PostgreSQL server (skipped, naming the apt package, when it is missing).</summary>
public sealed class PostgresStateReaderTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task LatestAtOrBefore_RandomRecordings_EqualsTheLastRawSampleAtOrBefore()
    {
        postgres.SkipIfUnavailable();
        await using var db = new PostgresRecordingDatabase(
            await postgres.CreateDatabaseAsync("state_" + Guid.NewGuid().ToString("N")[..10], TestContext.Current.CancellationToken));
        db.ApplySchema();

        StateProperty.Check(db, iterations: 80);
    }
}
