using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Postgres;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Review;

/// <summary>Reduced series on SQLite: generated recordings against a model computed from the samples alone.</summary>
public sealed class SeriesReaderTests
{
    [Fact]
    public async Task Read_RandomRecordings_BucketsEqualModelAndExtremesSurviveAnyPoints()
    {
        var folder = Directory.CreateTempSubdirectory("mml-series-");
        try
        {
            await using (var db = new SqliteRecordingDatabase(folder.FullName))
            {
                db.ApplySchema();
                SeriesProperty.Check(db, iterations: 200);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Metrics_AreTheNumericSampleFieldsWithTheirColumns()
    {
        Assert.Equal(
            ["heartRateBpm", "cadenceSpm", "speedMps", "strideLengthM", "distanceM", "powerW", "groundContactMs", "verticalOscillationCm", "gctBalanceLeftPct", "batteryPct"],
            SampleMetrics.Names);
        Assert.Equal("heart_rate", SampleMetrics.Columns["heartRateBpm"]);
        Assert.Equal("vo", SampleMetrics.Columns["verticalOscillationCm"]);
        Assert.Equal("battery", SampleMetrics.Columns["batteryPct"]);
    }

    [Fact]
    public async Task Read_OneRunnersWholeRange_UsesTheRunnerTimeIndex()
    {
        var folder = Directory.CreateTempSubdirectory("mml-series-plan-");
        try
        {
            await using var db = new SqliteRecordingDatabase(folder.FullName);
            db.ApplySchema();
            await using var connection = (SqliteConnection)db.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                EXPLAIN QUERY PLAN SELECT (observed_at - 0) / 1 AS b, MIN(cadence) FROM samples
                WHERE session_id = 's' AND runner_id = 'r' AND observed_at >= 0 AND observed_at <= 10 AND cadence IS NOT NULL GROUP BY b
                """;
            using var r = cmd.ExecuteReader();
            var plan = new List<string>();
            while (r.Read())
            {
                plan.Add(r.GetString(3));
            }

            Assert.Contains(plan, p => p.Contains("samples_by_runner_time", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>The same property against a real PostgreSQL server (skipped, naming the apt package, when it is missing).</summary>
public sealed class PostgresSeriesReaderTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Read_RandomRecordings_BucketsEqualModelAndExtremesSurviveAnyPoints()
    {
        postgres.SkipIfUnavailable();
        await using var db = new PostgresRecordingDatabase(
            await postgres.CreateDatabaseAsync("series_" + Guid.NewGuid().ToString("N")[..10], TestContext.Current.CancellationToken));
        db.ApplySchema();

        SeriesProperty.Check(db, iterations: 80);
    }
}
