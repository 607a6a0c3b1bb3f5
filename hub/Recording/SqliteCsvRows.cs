using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// A SQLite session in export order without a table lookup per row: the order comes from an index-only scan of
/// <c>samples_by_time</c>, the rows from one cursor per runner walking the table in seq order; each is merged here with
/// the rows still in the recorder's inbox (one statement each over the inbox tables, a few seconds of rows).
/// </summary>
/// <remarks>
/// A runner whose <c>observedAt</c> never goes back as seq grows yields its rows in the same order both ways; at the
/// first mismatch that runner's cursor switches to the index's order, so the output is the SQL order whatever the data.
/// Each statement reads either the samples table or the recorder's inbox tables (<see cref="SampleTables"/>), and all of
/// them read inside one transaction (one snapshot while recording goes on, so each committed sample is read once), on a read-only handle opened
/// without SQLite's per-connection mutex and read with one native call per value: the export's CPU is in this loop.
/// </remarks>
internal sealed class SqliteCsvRows : ICsvRows
{

    /// <summary>Above the null bits of <see cref="CsvSample.Nulls"/> in the flags column: backfilled.</summary>
    private const int BackfilledFlag = 1 << 12;

    // Nullness of the twelve nullable columns and backfilled in one value: one native call instead of thirteen.
    private static readonly string RunnerColumns =
        "seq, observed_at, " + string.Join(" + ", CsvSample.NullableColumns.Select((c, i) => $"({c} IS NULL) * {1 << i}")) +
        $" + (backfilled <> 0) * {BackfilledFlag}, heart_rate, cadence, speed, stride, distance, power, gct, vo, balance, contact, battery, rr";

    private readonly IReadOnlyList<string> _tables;

    // Per runner with rows in the inbox, the tables its cursor reads (the samples table and those inbox tables) and its
    // least seq there; every other runner's cursor reads the samples table alone.
    private readonly Dictionary<string, (string[] Tables, long FirstSeq)> _inboxOf = new(StringComparer.Ordinal);

    /// <summary>The session's first instant in the inbox (null when it holds none of the session's rows).</summary>
    private long? _inboxFirstAt;
    private readonly sqlite3 _db;
    private readonly string _sessionId;
    private readonly SqliteTransaction? _transaction;

    /// <summary>True when <see cref="_db"/> is this reader's own read-only handle (closed with it).</summary>
    private readonly bool _ownHandle;
    private readonly Merge _order;
    private readonly Dictionary<string, RunnerCursor> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunnerCursor>.AlternateLookup<ReadOnlySpan<char>> _runnersBySpan;
    private RunnerCursor? _current;

    private SqliteCsvRows(SqliteConnection connection, string sessionId)
    {
        _sessionId = sessionId;
        _runnersBySpan = _runners.GetAlternateLookup<ReadOnlySpan<char>>();
        _tables = SampleTables.Of(connection);
        if (OpenOwnReadHandle(connection) is { } own)
        {
            // A handle of its own, read-only and without SQLite's per-connection mutex (nothing else uses it): every
            // native call skips a lock. Read inside one transaction like the ADO.NET path.
            _db = own;
            _ownHandle = true;
            try
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(_db, "BEGIN"), _db);
                using (var snapshot = new Statement(_db, "SELECT count(*) FROM sqlite_schema"))
                {
                    snapshot.Step();
                }

                FindInboxRunners();
                _order = OpenOrder();
            }
            catch
            {
                _order?.Dispose();
                _db.Dispose();
                throw;
            }

            return;
        }

        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _transaction = connection.BeginTransaction(deferred: true);
        try
        {
            // The first read takes the snapshot (through ADO.NET, which retries while the database is busy); the
            // statements below then read inside it.
            using (var snapshot = connection.CreateCommand())
            {
                snapshot.Transaction = _transaction;
                snapshot.CommandText = "SELECT count(*) FROM sqlite_schema";
                snapshot.ExecuteScalar();
            }

            FindInboxRunners();
            _order = OpenOrder();
        }
        catch
        {
            _order?.Dispose();
            _transaction.Dispose();
            throw;
        }
    }

    public string RunnerId => _current!.RunnerId;

    /// <summary>
    /// The export order: an index-only scan of <c>samples_by_time</c> merged here with the inbox tables' rows of the
    /// session, sorted by SQLite (a few seconds of rows). Merged here rather than by a compound select: SQLite's merge
    /// of nine arms costs every row of the samples table a pass through its co-routines.
    /// </summary>
    /// <remarks>
    /// The inbox usually holds the newest rows: the samples table's rows before the inbox's first instant are read alone
    /// (no compare per row), and only those from that instant on are merged with the inbox's. Correctness rests only on
    /// the cut being the inbox's minimum, read in the same snapshot (a backfilled or gap-filling row only moves it earlier).
    /// </remarks>
    private Merge OpenOrder()
    {
        // Every statement is prepared and bound inside the try: a failed bind disposes what was prepared.
        Statement? before = null;
        Statement? samples = null;
        Statement? inbox = null;
        try
        {
            if (_inboxFirstAt is not { } firstAt)
            {
                samples = new Statement(_db, OrderSql([_tables[0]]));
                samples.Bind(1, _sessionId);
                return new Merge(null, samples, null, ExportOrder);
            }

            before = new Statement(_db, SamplesInOrderSql(before: true));
            before.Bind(1, _sessionId);
            before.Bind(2, firstAt);
            samples = new Statement(_db, SamplesInOrderSql(before: false));
            samples.Bind(1, _sessionId);
            samples.Bind(2, firstAt);
            inbox = new Statement(_db, OrderSql([.. _tables.Skip(1)]));
            inbox.Bind(1, _sessionId);
            return new Merge(before, samples, inbox, ExportOrder);
        }
        catch
        {
            inbox?.Dispose();
            samples?.Dispose();
            before?.Dispose();
            throw;
        }
    }

    /// <summary>(observed_at, runner_id, seq) of two rows of <see cref="OrderSql"/>; text compares as SQLite's BINARY does.</summary>
    private static int ExportOrder(Statement a, Statement b)
    {
        var at = a.Int64(2).CompareTo(b.Int64(2));
        if (at != 0)
        {
            return at;
        }

        var runner = a.Bytes(0).SequenceCompareTo(b.Bytes(0));
        return runner != 0 ? runner : a.Int64(1).CompareTo(b.Int64(1));
    }

    private static int SeqOrder(Statement a, Statement b) => a.Int64(0).CompareTo(b.Int64(0));

    /// <summary>
    /// Which inbox tables hold rows of which runner, from which seq, and the session's first instant there (one scan of
    /// the inbox, in the snapshot): a runner's rows are in its slice's table (two while the slices are laid out again),
    /// so its cursor sorts that table's few rows of it instead of scanning every inbox table.
    /// </summary>
    private void FindInboxRunners()
    {
        if (_tables.Count == 1)
        {
            return;
        }

        using var runners = new Statement(_db, InboxRunnersSql(_tables));
        runners.Bind(1, _sessionId);
        var found = new Dictionary<string, (List<string> Tables, long FirstSeq)>(StringComparer.Ordinal);
        while (runners.Step())
        {
            var runnerId = Encoding.UTF8.GetString(runners.Bytes(0));
            var firstSeq = runners.Int64(1);
            var firstAt = runners.Int64(2);
            var table = _tables[(int)runners.Int64(3)];
            var (tables, seq) = found.TryGetValue(runnerId, out var known) ? known : ([_tables[0]], firstSeq);
            tables.Add(table);
            found[runnerId] = (tables, Math.Min(seq, firstSeq));
            _inboxFirstAt = Math.Min(_inboxFirstAt ?? firstAt, firstAt);
        }

        foreach (var (runnerId, (tables, firstSeq)) in found)
        {
            _inboxOf[runnerId] = ([.. tables], firstSeq);
        }
    }

    /// <summary>Per inbox table and runner of the session: its least seq and instant there, and the table's index.</summary>
    internal static string InboxRunnersSql(IReadOnlyList<string> tables) =>
        string.Join("\nUNION ALL ", Enumerable.Range(1, tables.Count - 1).Select(i =>
            $"SELECT runner_id, MIN(seq), MIN(observed_at), {i} FROM {tables[i]} WHERE session_id = ?1 GROUP BY runner_id"));

    /// <summary>
    /// The export order of the rows of <paramref name="tables"/> (the samples table's from an index-only scan of
    /// <c>samples_by_time</c>; the inbox tables' sorted, several merged by SQLite).
    /// </summary>
    internal static string OrderSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT runner_id, seq, observed_at FROM {t} WHERE session_id = ?1") + " ORDER BY observed_at, runner_id, seq";

    /// <summary>
    /// The samples table's rows in export order observed before (or from) the instant <c>?2</c>: the same index-only
    /// scan of <c>samples_by_time</c>, cut in two.
    /// </summary>
    internal static string SamplesInOrderSql(bool before) =>
        $"SELECT runner_id, seq, observed_at FROM samples WHERE session_id = ?1 AND observed_at {(before ? "<" : ">=")} ?2 ORDER BY observed_at, runner_id, seq";

    /// <summary>One runner's rows in the samples table in seq order below (or from) the seq <c>?3</c>.</summary>
    internal static string RunnerSamplesInSeqOrderSql(bool below) =>
        $"SELECT {RunnerColumns} FROM samples WHERE session_id = ?1 AND runner_id = ?2 AND seq {(below ? "<" : ">=")} ?3 ORDER BY seq";

    internal static string RunnerInSeqOrderSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT {RunnerColumns} FROM {t} WHERE session_id = ?1 AND runner_id = ?2") + " ORDER BY seq";

    internal static string RunnerInTimeOrderSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT {RunnerColumns} FROM {t} WHERE session_id = ?1 AND runner_id = ?2") + " ORDER BY observed_at, seq LIMIT -1 OFFSET ?3";

    /// <summary>True when the rows are read through a handle of this reader's own (read-only, no mutex).</summary>
    public bool ReadsThroughOwnHandle => _ownHandle;

    /// <summary>How many runners were read in time order because their observedAt went back as seq grew.</summary>
    public int RunnersReadInTimeOrder => _runners.Values.Count(r => r.InTimeOrder);

    /// <summary>
    /// Opens the session for reading, or returns null when the database does not keep text as UTF-8 (never the case for
    /// a recording this hub created; the caller then reads through ADO.NET).
    /// </summary>
    public static SqliteCsvRows? TryOpen(SqliteConnection connection, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using (var encoding = connection.CreateCommand())
        {
            encoding.CommandText = "PRAGMA encoding";
            if (encoding.ExecuteScalar() as string != "UTF-8")
            {
                return null;
            }
        }

        return new SqliteCsvRows(connection, sessionId);
    }

    public bool Read(ref CsvSample sample)
    {
        if (!_order.Step())
        {
            return false;
        }

        var row = _order.Current;
        var runnerId = row.Bytes(0);
        var seq = row.Int64(1);
        var current = _current;
        if (current is null || !runnerId.SequenceEqual(current.RunnerIdUtf8))
        {
            // Runners that sample at the same rate come round in the same order: try the one that followed last time.
            var next = current?.Next;
            if (next is null || !runnerId.SequenceEqual(next.RunnerIdUtf8))
            {
                next = Find(runnerId);
                if (current is not null)
                {
                    current.Next = next;
                }
            }

            current = _current = next;
        }

        current.Read(seq, ref sample);
        return true;
    }

    public void Dispose()
    {
        foreach (var runner in _runners.Values)
        {
            runner.Dispose();
        }

        _order.Dispose();
        _transaction?.Dispose();
        if (_ownHandle)
        {
            _db.Dispose(); // closes the handle, which ends its read transaction
        }
    }

    /// <summary>
    /// A read-only, no-mutex handle on the same database file as <paramref name="connection"/> (WAL: it reads the same
    /// committed data), or null for a database that is not a file (in-memory).
    /// </summary>
    private static sqlite3? OpenOwnReadHandle(SqliteConnection connection)
    {
        var path = connection.DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        var rc = raw.sqlite3_open_v2(path, out var db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        if (rc != raw.SQLITE_OK)
        {
            db?.Dispose();
            return null;
        }

        // Recording goes on while the export reads: wait out a writer's brief locks as ADO.NET does.
        raw.sqlite3_busy_timeout(db, 30_000);
        return db;
    }

    private RunnerCursor Find(ReadOnlySpan<byte> runnerIdUtf8)
    {
        Span<char> buffer = stackalloc char[64];
        var chars = Encoding.UTF8.GetMaxCharCount(runnerIdUtf8.Length) <= buffer.Length ? buffer : new char[Encoding.UTF8.GetMaxCharCount(runnerIdUtf8.Length)];
        chars = chars[..Encoding.UTF8.GetChars(runnerIdUtf8, chars)];
        if (!_runnersBySpan.TryGetValue(chars, out var cursor))
        {
            cursor = new RunnerCursor(this, chars.ToString(), runnerIdUtf8.ToArray());
            _runners.Add(cursor.RunnerId, cursor);
        }

        return cursor;
    }

    /// <summary>One runner's rows: in seq order, or (once its clock was seen going back) in the index's order.</summary>
    private sealed class RunnerCursor : IDisposable
    {
        private readonly SqliteCsvRows _owner;
        private readonly string[] _tables;

        /// <summary>The runner's least seq in the inbox (when <see cref="_tables"/> names inbox tables).</summary>
        private readonly long _inboxFirstSeq;
        private Merge _rows;
        private long _written;

        public RunnerCursor(SqliteCsvRows owner, string runnerId, byte[] runnerIdUtf8)
        {
            _owner = owner;
            RunnerId = runnerId;
            RunnerIdUtf8 = runnerIdUtf8;
            (_tables, _inboxFirstSeq) = owner._inboxOf.TryGetValue(runnerId, out var inbox) ? inbox : ([owner._tables[0]], 0);
            _rows = StartInSeqOrder();
        }

        public string RunnerId { get; }

        public byte[] RunnerIdUtf8 { get; }

        public bool InTimeOrder { get; private set; }

        /// <summary>The runner whose row followed this runner's last time (a guess for the next lookup).</summary>
        public RunnerCursor? Next { get; set; }

        /// <summary>Moves to the runner's row <paramref name="seq"/>, its next one in export order, and fills <paramref name="s"/>.</summary>
        public void Read(long seq, ref CsvSample s)
        {
            if (!_rows.Step() || _rows.Current.Int64(0) != seq)
            {
                if (InTimeOrder)
                {
                    throw new InvalidOperationException(
                        $"CSV export: runner '{RunnerId}' row {_written + 1} in time order is not seq {seq}; the index and the table disagree.");
                }

                // This runner's observedAt goes back somewhere: its remaining rows, in the index's order.
                _rows.Dispose();
                var inTimeOrder = Start(RunnerInTimeOrderSql(_tables));
                inTimeOrder.Bind(3, _written);
                _rows = new Merge(null, inTimeOrder, null, SeqOrder);
                InTimeOrder = true;
                Read(seq, ref s);
                return;
            }

            var r = _rows.Current;
            s.Seq = seq;
            s.ObservedAt = r.Int64(1);
            var flags = (int)r.Int64(2);
            var nulls = s.Nulls = flags & (BackfilledFlag - 1);
            // A value is read only where it is not NULL (NULL would read as 0).
            if ((nulls & CsvSample.HeartRateNull) == 0) { s.HeartRate = r.Int64(3); }
            if ((nulls & CsvSample.CadenceNull) == 0) { s.Cadence = r.Double(4); }
            if ((nulls & CsvSample.SpeedNull) == 0) { s.Speed = r.Double(5); }
            if ((nulls & CsvSample.StrideNull) == 0) { s.Stride = r.Double(6); }
            if ((nulls & CsvSample.DistanceNull) == 0) { s.Distance = r.Double(7); }
            if ((nulls & CsvSample.PowerNull) == 0) { s.Power = r.Int64(8); }
            if ((nulls & CsvSample.GctNull) == 0) { s.Gct = r.Double(9); }
            if ((nulls & CsvSample.VoNull) == 0) { s.Vo = r.Double(10); }
            if ((nulls & CsvSample.BalanceNull) == 0) { s.Balance = r.Double(11); }
            if ((nulls & CsvSample.ContactNull) == 0) { s.Contact = r.Int64(12) != 0; }
            if ((nulls & CsvSample.BatteryNull) == 0) { s.Battery = r.Int64(13); }
            s.Backfilled = (flags & BackfilledFlag) != 0;
            // Last: the bytes stay valid until this statement steps again.
            s.Rr = (nulls & CsvSample.RrNull) == 0 ? r.Bytes(14) : default;
            _written++;
        }

        public void Dispose() => _rows.Dispose();

        /// <summary>
        /// The runner's rows in the samples table and (when it has some there) in its inbox table, merged by seq: those
        /// below its least seq in the inbox read alone, only the rest merged.
        /// </summary>
        private Merge StartInSeqOrder()
        {
            if (_tables.Length == 1)
            {
                return new Merge(null, Start(RunnerInSeqOrderSql(_tables)), null, SeqOrder);
            }

            Statement? below = null;
            Statement? samples = null;
            try
            {
                below = Start(RunnerSamplesInSeqOrderSql(below: true));
                below.Bind(3, _inboxFirstSeq);
                samples = Start(RunnerSamplesInSeqOrderSql(below: false));
                samples.Bind(3, _inboxFirstSeq);
                return new Merge(below, samples, Start(RunnerInSeqOrderSql(_tables[1..])), SeqOrder);
            }
            catch
            {
                samples?.Dispose();
                below?.Dispose();
                throw;
            }
        }

        private Statement Start(string sql)
        {
            var statement = new Statement(_owner._db, sql);
            try
            {
                statement.Bind(1, _owner._sessionId);
                statement.Bind(2, RunnerId);
                return statement;
            }
            catch
            {
                statement.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Statements in the same order read as one: <paramref name="alone"/>'s rows (each before every row of the others),
    /// then <paramref name="first"/> (the samples table's) merged with <paramref name="second"/> (the inbox's, short, or
    /// none). Every sample is in exactly one of them, so no key is in two.
    /// </summary>
    private sealed class Merge(Statement? alone, Statement first, Statement? second, Func<Statement, Statement, int> compare) : IDisposable
    {
        private bool _alone = alone is not null;
        private bool _started;
        private bool _firstHasRow;
        private bool _secondHasRow;

        /// <summary>The statement holding the current row (valid after <see cref="Step"/> returned true).</summary>
        public Statement Current { get; private set; } = null!;

        public bool Step()
        {
            if (_alone)
            {
                // The bulk of the rows: one step each, no compare.
                if (alone!.Step())
                {
                    Current = alone;
                    return true;
                }

                _alone = false;
            }

            if (!_started)
            {
                _started = true;
                _firstHasRow = first.Step();
                _secondHasRow = second?.Step() ?? false;
            }
            else if (ReferenceEquals(Current, first))
            {
                // Only the statement whose row was taken moves on (never one that already finished).
                _firstHasRow = _firstHasRow && first.Step();
            }
            else
            {
                _secondHasRow = _secondHasRow && second!.Step();
            }

            if (!_firstHasRow && !_secondHasRow)
            {
                return false;
            }

            Current = !_secondHasRow || (_firstHasRow && compare(first, second!) <= 0) ? first : second!;
            return true;
        }

        public void Dispose()
        {
            alone?.Dispose();
            first.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>A prepared statement on the connection's handle; errors become <see cref="SqliteException"/>.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        public Statement(sqlite3 db, string sql)
        {
            _db = db;
            SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out _stmt), db);
        }

        public void Bind(int index, string value) => SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(_stmt, index, value), _db);

        public void Bind(int index, long value) => SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_stmt, index, value), _db);

        public bool Step()
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc == raw.SQLITE_ROW)
            {
                return true;
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return false;
        }

        public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

        public double Double(int column) => raw.sqlite3_column_double(_stmt, column);

        /// <summary>A text value's UTF-8 bytes (the database's encoding, checked to be UTF-8), valid until the next step.</summary>
        public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(_stmt, column);

        public void Dispose() => _stmt.Dispose();
    }
}
