using Microsoft.Data.Sqlite;
using SQLitePCL;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording.Sqlite;

/// <summary>
/// The sample insert of one connection, on SQLite's own statement API: a row binds its rowid and 18 values by position with no
/// boxing, no parameter lookup by name and no data reader, which the ADO.NET command spent per row on the recorder's
/// thread. The statement is finalised when its connection closes.
/// </summary>
internal sealed class PreparedInsert
{
    // Into the inbox at the rowid the caller gives (its slice's range, see InboxSlices); the move's OR IGNORE keeps a
    // sample already on disk (resent after a crash before its ack) from being recorded twice.
    private const string Sql = $"INSERT INTO samples_inbox (rowid, {SqliteRecordingDatabase.InboxColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public PreparedInsert(SqliteConnection connection)
    {
        _connection = connection;
        Check(raw.sqlite3_prepare_v3(connection.Handle, Sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
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

    public void Insert(long rowid, ReadOnlySpan<byte> sessionId, ReadOnlySpan<byte> runnerId, MetricSample s, long receivedAt)
    {
        var st = _statement;
        try
        {
            Check(raw.sqlite3_bind_int64(st, 1, rowid));
            Check(BindText(st, 2, sessionId));
            Check(BindText(st, 3, runnerId));
            Check(raw.sqlite3_bind_int64(st, 4, s.Seq));
            Check(raw.sqlite3_bind_int64(st, 5, s.ObservedAt));
            Check(raw.sqlite3_bind_int64(st, 6, receivedAt));
            Check(Bind(st, 7, s.HeartRateBpm));
            Check(s.RrIntervalsMs is { Length: > 0 } rr ? raw.sqlite3_bind_text(st, 8, RecordingSql.FormatRr(rr)) : raw.sqlite3_bind_null(st, 8));
            Check(Bind(st, 9, s.CadenceSpm));
            Check(Bind(st, 10, s.SpeedMps));
            Check(Bind(st, 11, s.StrideLengthM));
            Check(Bind(st, 12, s.DistanceM));
            Check(Bind(st, 13, s.PowerW));
            Check(Bind(st, 14, s.GroundContactMs));
            Check(Bind(st, 15, s.VerticalOscillationCm));
            Check(Bind(st, 16, s.GctBalanceLeftPct));
            Check(s.SensorContact is { } c ? raw.sqlite3_bind_int(st, 17, c ? 1 : 0) : raw.sqlite3_bind_null(st, 17));
            Check(Bind(st, 18, s.BatteryPct));
            Check(raw.sqlite3_bind_int(st, 19, s.Backfilled ? 1 : 0));
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
