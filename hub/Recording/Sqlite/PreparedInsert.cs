using Microsoft.Data.Sqlite;
using SQLitePCL;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>
/// The sample insert of one connection, on SQLite's own statement API: a row binds its 18 values by position with no
/// boxing, no parameter lookup by name and no data reader, which the ADO.NET command spent per row on the recorder's
/// thread. The statement is finalised when its connection closes.
/// </summary>
internal sealed class PreparedInsert
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    /// <summary>
    /// Prepares the insert into inbox table <paramref name="table"/> (the runner's slice); the move's OR IGNORE keeps a
    /// sample already on disk (resent after a crash before its ack) from being recorded twice.
    /// </summary>
    public PreparedInsert(SqliteConnection connection, int table)
    {
        _connection = connection;
        var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"INSERT INTO samples_inbox_{table} ({SqliteRecordingDatabase.InboxColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
        Check(raw.sqlite3_prepare_v3(connection.Handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
        connection.StateChange += OnStateChange;
    }

    public bool IsFinalized { get; private set; }

    private void OnStateChange(object? sender, System.Data.StateChangeEventArgs e)
    {
        if (e.CurrentState == System.Data.ConnectionState.Closed)
        {
            // The next open prepares a new insert with its own handler: this one must not stay subscribed.
            _connection.StateChange -= OnStateChange;
            IsFinalized = true;
            _statement.Dispose();
        }
    }

    public void Insert(ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> runnerId, MetricSample s, long receivedAt)
    {
        var st = _statement;
        try
        {
            Check(BindText(st, 1, sessionId));
            Check(BindText(st, 2, runnerId));
            Check(raw.sqlite3_bind_int64(st, 3, s.Seq));
            Check(raw.sqlite3_bind_int64(st, 4, s.ObservedAt));
            Check(raw.sqlite3_bind_int64(st, 5, receivedAt));
            Check(Bind(st, 6, s.HeartRateBpm));
            Check(s.RrIntervalsMs is { Length: > 0 } rr ? raw.sqlite3_bind_text(st, 7, RecordingSql.FormatRr(rr)) : raw.sqlite3_bind_null(st, 7));
            Check(Bind(st, 8, s.CadenceSpm));
            Check(Bind(st, 9, s.SpeedMps));
            Check(Bind(st, 10, s.StrideLengthM));
            Check(Bind(st, 11, s.DistanceM));
            Check(Bind(st, 12, s.PowerW));
            Check(Bind(st, 13, s.GroundContactMs));
            Check(Bind(st, 14, s.VerticalOscillationCm));
            Check(Bind(st, 15, s.GctBalanceLeftPct));
            Check(s.SensorContact is { } c ? raw.sqlite3_bind_int(st, 16, c ? 1 : 0) : raw.sqlite3_bind_null(st, 16));
            Check(Bind(st, 17, s.BatteryPct));
            Check(raw.sqlite3_bind_int(st, 18, s.Backfilled ? 1 : 0));
            var rc = raw.sqlite3_step(st);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(st);
        }
    }

    // The span overload binds an empty span as SQL NULL (no pointer to pass): an empty id is '' as ADO.NET bound it.
    private static int BindText(sqlite3_stmt st, int index, ReadOnlySpan<byte> value) =>
        value.IsEmpty ? raw.sqlite3_bind_text(st, index, string.Empty) : raw.sqlite3_bind_text(st, index, value);

    private static int Bind(sqlite3_stmt st, int index, int? value) =>
        value is { } v ? raw.sqlite3_bind_int(st, index, v) : raw.sqlite3_bind_null(st, index);

    private static int Bind(sqlite3_stmt st, int index, double? value) =>
        value is { } v ? raw.sqlite3_bind_double(st, index, v) : raw.sqlite3_bind_null(st, index);

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }
}
