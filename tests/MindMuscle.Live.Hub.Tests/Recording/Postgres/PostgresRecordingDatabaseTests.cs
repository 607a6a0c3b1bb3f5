using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Postgres;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Recording.Postgres;

/// <summary>The PostgreSQL store against a real server (skipped, naming the apt package, when PostgreSQL is missing).</summary>
public sealed class PostgresRecordingDatabaseTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task InsertSamples_NullsRrAndResends_RoundTripExactlyAndRecordOnce()
    {
        await using var sut = await CreateSutAsync();
        var full = new MetricSample
        {
            Seq = 1, ObservedAt = 1_700_000_000_123, HeartRateBpm = 151, RrIntervalsMs = [401.5, 398], CadenceSpm = 181.5,
            SpeedMps = 4.25, StrideLengthM = 1.41, DistanceM = 12.5, PowerW = 250, GroundContactMs = 231.5,
            VerticalOscillationCm = 8.25, GctBalanceLeftPct = 49.5, SensorContact = true, BatteryPct = 80, Backfilled = true,
        };
        var empty = new MetricSample { Seq = 2, ObservedAt = 1_700_000_000_373 };

        Write(sut, [full, empty]);
        Write(sut, [full with { HeartRateBpm = 99 }, empty, new MetricSample { Seq = 3, ObservedAt = 1_700_000_000_623 }]);
        var read = await ReadAsync(sut);

        Assert.Equal([1L, 2, 3], read.Select(s => s.Seq));
        Assert.Equal(full, read[0] with { RrIntervalsMs = full.RrIntervalsMs });
        Assert.Equal(full.RrIntervalsMs, read[0].RrIntervalsMs);
        Assert.Equal(empty, read[1]);
    }

    [Fact]
    public async Task ApplySchema_TwoNodesAtOnce_BothSucceed()
    {
        var connectionString = await CreateDatabaseAsync();
        await using var a = new PostgresRecordingDatabase(connectionString);
        await using var b = new PostgresRecordingDatabase(connectionString);

        await Task.WhenAll(Task.Run(a.ApplySchema, TestContext.Current.CancellationToken), Task.Run(b.ApplySchema, TestContext.Current.CancellationToken))
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        a.ApplySchema();

        Assert.Empty(await ReadAsync(a));
    }

    [Fact]
    public async Task ApplySchema_Version1Database_MigratedToMarkersAndMarkerIdsCountUp()
    {
        await using var sut = await CreateSutAsync();
        using (var connection = sut.Open())
        {
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = "DROP TABLE markers; ALTER TABLE sessions DROP COLUMN hr_max; UPDATE schema_version SET version = 1;";
            downgrade.ExecuteNonQuery();
        }

        sut.ApplySchema();
        var ids = new List<long>();
        using (var connection = sut.Open())
        {
            using var tx = connection.BeginTransaction();
            ids.Add(RecordingSql.InsertMarker(connection, tx, new() { SessionId = "s1", Kind = Core.Contracts.MarkerKind.Lap, At = 5 }));
            ids.Add(RecordingSql.InsertMarker(connection, tx, new() { SessionId = "s1", Kind = Core.Contracts.MarkerKind.Note, At = 3, Text = "t", RunnerId = "r-1" }));
            ids.Add(RecordingSql.InsertMarker(connection, tx, new() { SessionId = "s2", Kind = Core.Contracts.MarkerKind.RepStart, At = 4 }));
            tx.Commit();
        }

        await using var reader = new RecordingReader(await sut.OpenAsync(TestContext.Current.CancellationToken));
        var markers = await reader.ReadMarkersAsync("s1", TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2, 1], ids);
        Assert.Equal([2L, 1], markers.Select(m => m.MarkerId));
        Assert.Equal(new Core.Contracts.SessionMarker { SessionId = "s1", MarkerId = 2, Kind = Core.Contracts.MarkerKind.Note, At = 3, Text = "t", RunnerId = "r-1" }, markers[0]);
    }

    private async Task<string> CreateDatabaseAsync()
    {
        postgres.SkipIfUnavailable();
        return await postgres.CreateDatabaseAsync("rec_" + Guid.NewGuid().ToString("N")[..10], TestContext.Current.CancellationToken);
    }

    private async Task<PostgresRecordingDatabase> CreateSutAsync()
    {
        var sut = new PostgresRecordingDatabase(await CreateDatabaseAsync());
        sut.ApplySchema();
        return sut;
    }

    private static void Write(PostgresRecordingDatabase db, MetricSample[] samples)
    {
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        db.InsertSamples(connection, tx, "s1", "r-1", samples, 1_700_000_001_000);
        tx.Commit();
    }

    private static async Task<List<MetricSample>> ReadAsync(PostgresRecordingDatabase db)
    {
        await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.SampleColumns} FROM samples WHERE session_id = @s ORDER BY seq";
        cmd.AddParameter("@s", "s1");
        using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var list = new List<MetricSample>();
        while (await r.ReadAsync(TestContext.Current.CancellationToken))
        {
            list.Add(RecordingSql.ReadSample(r));
        }

        return list;
    }
}
