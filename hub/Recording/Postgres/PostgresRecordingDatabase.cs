using System.Data.Common;
using MindMuscle.Live.Core.Samples;
using Npgsql;
using NpgsqlTypes;

namespace MindMuscle.Live.Hub.Recording.Postgres;

/// <summary>
/// The scale-out store: one PostgreSQL database shared by every hub node. Samples go in as one multi-row insert per
/// batch (arrays unnested server-side, <c>ON CONFLICT DO NOTHING</c> on (session, runner, seq)): one round trip per
/// batch, and a sample resent to another node after a failover is never recorded twice.
/// </summary>
internal sealed class PostgresRecordingDatabase(string connectionString) : IRecordingDatabase
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public string Description
    {
        get
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgres {b.Host}:{b.Port}/{b.Database}";
        }
    }

    public bool IsShared => true;

    public void ApplySchema()
    {
        using var connection = _dataSource.OpenConnection();
        PostgresSchema.Apply(connection);
    }

    public DbConnection Open() => _dataSource.OpenConnection();

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public void InsertSamples(
        DbConnection connection, DbTransaction transaction, string sessionId, string runnerId,
        IReadOnlyList<MetricSample> samples, long receivedAt)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var cmd = new NpgsqlCommand(
            """
            INSERT INTO samples (session_id, runner_id, seq, observed_at, received_at, heart_rate, rr, cadence,
                speed, stride, distance, power, gct, vo, balance, contact, battery, backfilled)
            SELECT @s, @r, u.seq, u.at, @recv, u.hr, u.rr, u.cad, u.spd, u.str, u.dist, u.pwr, u.gct, u.vo, u.bal, u.con, u.bat, u.bf
            FROM unnest(@seq, @at, @hr, @rr, @cad, @spd, @str, @dist, @pwr, @gct, @vo, @bal, @con, @bat, @bf)
                AS u(seq, at, hr, rr, cad, spd, str, dist, pwr, gct, vo, bal, con, bat, bf)
            ON CONFLICT (session_id, runner_id, seq) DO NOTHING
            """,
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("s", sessionId));
        cmd.Parameters.Add(new NpgsqlParameter<string>("r", runnerId));
        cmd.Parameters.Add(new NpgsqlParameter<long>("recv", receivedAt));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("seq", [.. samples.Select(s => s.Seq)]));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("at", [.. samples.Select(s => s.ObservedAt)]));
        cmd.Parameters.Add(Nullable("hr", NpgsqlDbType.Integer, samples.Select(s => (object?)s.HeartRateBpm)));
        cmd.Parameters.Add(Nullable("rr", NpgsqlDbType.Text, samples.Select(s => s.RrIntervalsMs is { Length: > 0 } rr ? RecordingSql.FormatRr(rr) : null)));
        cmd.Parameters.Add(Nullable("cad", NpgsqlDbType.Double, samples.Select(s => (object?)s.CadenceSpm)));
        cmd.Parameters.Add(Nullable("spd", NpgsqlDbType.Double, samples.Select(s => (object?)s.SpeedMps)));
        cmd.Parameters.Add(Nullable("str", NpgsqlDbType.Double, samples.Select(s => (object?)s.StrideLengthM)));
        cmd.Parameters.Add(Nullable("dist", NpgsqlDbType.Double, samples.Select(s => (object?)s.DistanceM)));
        cmd.Parameters.Add(Nullable("pwr", NpgsqlDbType.Integer, samples.Select(s => (object?)s.PowerW)));
        cmd.Parameters.Add(Nullable("gct", NpgsqlDbType.Double, samples.Select(s => (object?)s.GroundContactMs)));
        cmd.Parameters.Add(Nullable("vo", NpgsqlDbType.Double, samples.Select(s => (object?)s.VerticalOscillationCm)));
        cmd.Parameters.Add(Nullable("bal", NpgsqlDbType.Double, samples.Select(s => (object?)s.GctBalanceLeftPct)));
        cmd.Parameters.Add(Nullable("con", NpgsqlDbType.Bigint, samples.Select(s => s.SensorContact is { } c ? (object)(c ? 1L : 0L) : null)));
        cmd.Parameters.Add(Nullable("bat", NpgsqlDbType.Integer, samples.Select(s => (object?)s.BatteryPct)));
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("bf", [.. samples.Select(s => s.Backfilled ? 1L : 0L)]));
        cmd.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // object?[] with DBNull for nulls, typed as an array of the column type: PostgreSQL gets NULL elements, never 0.
    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, IEnumerable<object?> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.Select(v => v ?? DBNull.Value).ToArray() };
}
