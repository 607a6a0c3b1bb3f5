using System.Data.Common;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>The embedded default: <c>recording.db</c> in the data folder, WAL mode.</summary>
public sealed class SqliteRecordingDatabase : IRecordingDatabase
{
    private static readonly string[] SampleParameters =
        ["@s", "@r", "@seq", "@at", "@recv", "@hr", "@rr", "@cad", "@spd", "@str", "@dist", "@pwr", "@gct", "@vo", "@bal", "@con", "@bat", "@bf"];

    private readonly string _connectionString;

    public SqliteRecordingDatabase(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        DatabasePath = Path.GetFullPath(Path.Combine(dataPath, "recording.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string Description => "sqlite " + DatabasePath;

    public bool IsShared => false;

    public void ApplySchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Schema.Apply(connection);
    }

    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public void InsertSamples(
        DbConnection connection, DbTransaction transaction, string sessionId, string runnerId,
        IReadOnlyList<MetricSample> samples, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var cmd = (SqliteCommand)connection.CreateCommand();
        cmd.Transaction = (SqliteTransaction)transaction;
        // OR IGNORE: a sample already on disk (resent after a crash before its ack) is never recorded twice.
        cmd.CommandText = """
            INSERT OR IGNORE INTO samples (session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence,
                speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled)
            VALUES (@s, @r, @seq, @at, @recv, @hr, @rr, @cad, @spd, @str, @dist, @pwr, @gct, @vo, @bal, @con, @bat, @bf)
            """;
        var p = SampleParameters.Select(name => cmd.Parameters.Add(name, SqliteType.Text)).ToArray();
        cmd.Prepare();
        p[0].Value = sessionId;
        p[1].Value = runnerId;
        p[4].Value = receivedAt;
        foreach (var s in samples)
        {
            p[2].Value = s.Seq;
            p[3].Value = s.ObservedAt;
            p[5].Value = Db(s.HeartRateBpm);
            p[6].Value = s.RrIntervalsMs is { Length: > 0 } rr ? RecordingSql.FormatRr(rr) : DBNull.Value;
            p[7].Value = Db(s.CadenceSpm);
            p[8].Value = Db(s.SpeedMps);
            p[9].Value = Db(s.StrideLengthM);
            p[10].Value = Db(s.DistanceM);
            p[11].Value = Db(s.PowerW);
            p[12].Value = Db(s.GroundContactMs);
            p[13].Value = Db(s.VerticalOscillationCm);
            p[14].Value = Db(s.GctBalanceLeftPct);
            p[15].Value = s.SensorContact is { } c ? (c ? 1 : 0) : DBNull.Value;
            p[16].Value = Db(s.BatteryPct);
            p[17].Value = s.Backfilled ? 1 : 0;
            cmd.ExecuteNonQuery();
        }
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private static object Db<T>(T? value)
        where T : struct => value is { } v ? v : DBNull.Value;
}
