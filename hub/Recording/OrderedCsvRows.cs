using System.Data.Common;
using System.Text;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The plain reader: one query <c>ORDER BY observed_at, runner_id, seq</c>, every nullable column asked with
/// <c>IsDBNull</c>. Used for PostgreSQL, whose planner serves the order from its covering index.
/// </summary>
internal sealed class OrderedCsvRows : ICsvRows
{
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private byte[] _rr = new byte[256];

    private OrderedCsvRows(DbCommand command, DbDataReader reader)
    {
        _command = command;
        _reader = reader;
    }

    public string RunnerId { get; private set; } = "";

    public static async Task<OrderedCsvRows> OpenAsync(DbConnection connection, string sessionId, CancellationToken ct)
    {
        var cmd = connection.CreateCommand();
        try
        {
            cmd.CommandText = SampleTables.UnionAll(SampleTables.Of(connection), t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s")
                + " ORDER BY observed_at, runner_id, seq";
            cmd.AddParameter("@s", sessionId);
            return new OrderedCsvRows(cmd, await cmd.ExecuteReaderAsync(ct));
        }
        catch
        {
            cmd.Dispose();
            throw;
        }
    }

    public bool Read(ref CsvSample sample)
    {
        var r = _reader;
        if (!r.Read())
        {
            return false;
        }

        RunnerId = r.GetString(1);
        sample.Seq = r.GetInt64(2);
        sample.ObservedAt = r.GetInt64(3);
        var nulls = 0;
        if (r.IsDBNull(4)) { nulls |= CsvSample.HeartRateNull; } else { sample.HeartRate = r.GetInt64(4); }
        if (r.IsDBNull(5)) { nulls |= CsvSample.RrNull; sample.Rr = default; } else { sample.Rr = Utf8(r.GetString(5)); }
        if (r.IsDBNull(6)) { nulls |= CsvSample.CadenceNull; } else { sample.Cadence = r.GetDouble(6); }
        if (r.IsDBNull(7)) { nulls |= CsvSample.SpeedNull; } else { sample.Speed = r.GetDouble(7); }
        if (r.IsDBNull(8)) { nulls |= CsvSample.StrideNull; } else { sample.Stride = r.GetDouble(8); }
        if (r.IsDBNull(9)) { nulls |= CsvSample.DistanceNull; } else { sample.Distance = r.GetDouble(9); }
        if (r.IsDBNull(10)) { nulls |= CsvSample.PowerNull; } else { sample.Power = r.GetInt64(10); }
        if (r.IsDBNull(11)) { nulls |= CsvSample.GctNull; } else { sample.Gct = r.GetDouble(11); }
        if (r.IsDBNull(12)) { nulls |= CsvSample.VoNull; } else { sample.Vo = r.GetDouble(12); }
        if (r.IsDBNull(13)) { nulls |= CsvSample.BalanceNull; } else { sample.Balance = r.GetDouble(13); }
        if (r.IsDBNull(14)) { nulls |= CsvSample.ContactNull; } else { sample.Contact = r.GetInt64(14) != 0; }
        if (r.IsDBNull(15)) { nulls |= CsvSample.BatteryNull; } else { sample.Battery = r.GetInt64(15); }
        sample.Backfilled = r.GetInt64(16) != 0;
        sample.Nulls = nulls;
        return true;
    }

    private ReadOnlySpan<byte> Utf8(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_rr.Length < max)
        {
            _rr = new byte[max];
        }

        return _rr.AsSpan(0, Encoding.UTF8.GetBytes(text, _rr));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _command.Dispose();
    }
}
