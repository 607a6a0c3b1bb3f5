using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MindMuscle.Live.Core.Alerts;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// One read connection on the recording (<see cref="RecordingStore.OpenReaderAsync"/>): every read of samples, alerts and
/// cues outside the live path. Each statement sees everything committed before it began: on SQLite a read of samples is
/// one statement over the samples table and the recorder's inbox (<see cref="SampleTables"/>). The SQL is the dialect
/// SQLite and PostgreSQL share; what differs between them lives in <see cref="IRecordingDatabase"/>.
/// </summary>
internal sealed class RecordingReader(DbConnection connection) : IAsyncDisposable
{
    private DbConnection Connection { get; } = connection;

    /// <summary>
    /// A session's samples in export order (<c>observed_at, runner_id, seq</c>), row by row: on SQLite without a table
    /// lookup per row (<see cref="SqliteCsvRows"/>), elsewhere one ordered query (<see cref="OrderedCsvRows"/>).
    /// </summary>
    public async Task<ICsvRows> OpenCsvRowsAsync(string sessionId, CancellationToken ct) =>
        (Connection is Microsoft.Data.Sqlite.SqliteConnection sqlite ? SqliteCsvRows.TryOpen(sqlite, sessionId) : null)
        ?? (ICsvRows)await OrderedCsvRows.OpenAsync(Connection, sessionId, ct);

    public Task<List<FormAlert>> ReadAlertsAsync(string sessionId, CancellationToken ct) =>
        ReadBodiesAsync<FormAlert>("SELECT body FROM alerts WHERE session_id = @s ORDER BY started_at, alert_id", sessionId, ct);

    public Task<List<CueUpdate>> ReadCuesAsync(string sessionId, CancellationToken ct) =>
        ReadBodiesAsync<CueUpdate>("SELECT body FROM cues WHERE session_id = @s ORDER BY issued_at, cue_id", sessionId, ct);

    /// <summary>A session's markers ordered by <c>at</c> (then id).</summary>
    public async Task<List<SessionMarker>> ReadMarkersAsync(string sessionId, CancellationToken ct)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT {RecordingSql.MarkerColumns} FROM markers WHERE session_id = @s ORDER BY at, marker_id";
        cmd.AddParameter("@s", sessionId);
        var list = new List<SessionMarker>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(RecordingSql.ReadMarker(r));
        }

        return list;
    }

    /// <summary>A runner's recorded progress (<see cref="RecordedProgress.None"/> when it has no sample).</summary>
    public RecordedProgress ReadProgress(string sessionId, string runnerId) => SessionRows.RunnerProgress(Connection, sessionId, runnerId);

    public async Task<long?> FirstSampleAtAsync(string sessionId, CancellationToken ct)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = FirstSampleAtSql(SampleTables.Of(Connection));
        cmd.AddParameter("@s", sessionId);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : null;
    }

    /// <summary>Samples of a session (or of one runner) observed in [from, to], ordered by runner then seq.</summary>
    public async IAsyncEnumerable<(string RunnerId, MetricSample Sample)> ReadSamplesAsync(
        string sessionId, string? runnerId, long from, long to, [EnumeratorCancellation] CancellationToken ct)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = ReadSamplesSql(SampleTables.Of(Connection));
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId, System.Data.DbType.String);
        cmd.AddParameter("@from", from);
        cmd.AddParameter("@to", to);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return (r.GetString(1), RecordingSql.ReadSample(r));
        }
    }

    /// <summary>One runner's samples with seq in [fromSeq, toSeq], in seq order.</summary>
    public async IAsyncEnumerable<MetricSample> ReadRunnerAsync(
        string sessionId, string runnerId, [EnumeratorCancellation] CancellationToken ct, long fromSeq = long.MinValue, long toSeq = long.MaxValue)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = ReadRunnerSql(SampleTables.Of(Connection));
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        cmd.AddParameter("@from", fromSeq);
        cmd.AddParameter("@to", toSeq);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            yield return RecordingSql.ReadSample(r);
        }
    }

    /// <summary>
    /// A session's samples observed at or after <paramref name="from"/> in (observed_at, runner_id, seq) order, read in
    /// keyset pages of <paramref name="pageSize"/>: each page is one short indexed query, never the whole session at once.
    /// </summary>
    /// <remarks>
    /// Every page that covers the inbox scans and sorts its rows of the session, so the pages before the inbox's first
    /// instant (taken when the read begins) read the samples table alone; from that instant on the pages read both.
    /// Keyset pages go by value, so a sample moved from the inbox to the samples table between two pages is read once.
    /// A sample committed after the read began with an instant before that one may be missed, as by any read begun
    /// before its commit.
    /// </remarks>
    public async IAsyncEnumerable<(string RunnerId, MetricSample Sample)> ReadByTimeAsync(
        string sessionId, long from, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        var tables = SampleTables.Of(Connection);
        long? inboxFrom = null;
        if (tables.Count > 1)
        {
            using var first = Connection.CreateCommand();
            first.CommandText = FirstSampleAtSql(tables.Skip(1).ToArray());
            first.AddParameter("@s", sessionId);
            inboxFrom = await first.ExecuteScalarAsync(ct) is long v ? v : null;
        }

        // Samples table alone, below the inbox's first instant (all of it when the inbox holds nothing of the session).
        string[] samplesOnly = [tables[0]];
        var before = ReadByTimeSql(samplesOnly, pageSize, bounded: inboxFrom is not null);
        var both = inboxFrom is null ? null : ReadByTimeSql(tables, pageSize);
        long lastAt = from - 1;
        var lastRunner = "\uffff";
        var lastSeq = long.MaxValue;
        var sql = before;
        while (true)
        {
            using var cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.AddParameter("@s", sessionId);
            cmd.AddParameter("@at", lastAt);
            cmd.AddParameter("@r", lastRunner);
            cmd.AddParameter("@q", lastSeq);
            if (sql == before && inboxFrom is { } bound)
            {
                cmd.AddParameter("@below", bound);
            }

            var count = 0;
            using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    count++;
                    var sample = RecordingSql.ReadSample(r);
                    lastAt = sample.ObservedAt;
                    lastRunner = r.GetString(1);
                    lastSeq = sample.Seq;
                    yield return (lastRunner, sample);
                }
            }

            if (count < pageSize)
            {
                if (sql == before && both is not null)
                {
                    // Everything below the inbox's first instant is read: the rest from both.
                    sql = both;
                    continue;
                }

                yield break;
            }
        }
    }

    internal static string FirstSampleAtSql(IReadOnlyList<string> tables) => tables is [var only]
        ? $"SELECT MIN(observed_at) FROM {only} WHERE session_id = @s"
        : $"SELECT MIN(m) FROM ({SampleTables.UnionAll(tables, t => $"SELECT MIN(observed_at) AS m FROM {t} WHERE session_id = @s")}) AS u";

    internal static string ReadSamplesSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"""
            SELECT {RecordingSql.SampleColumns} FROM {t}
            WHERE session_id = @s AND (@r IS NULL OR runner_id = @r) AND observed_at >= @from AND observed_at <= @to
            """) + "\nORDER BY runner_id, seq";

    internal static string ReadRunnerSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s AND runner_id = @r AND seq >= @from AND seq <= @to")
        + "\nORDER BY seq";

    internal static string ReadByTimeSql(IReadOnlyList<string> tables, int pageSize, bool bounded = false) =>
        SampleTables.UnionAll(tables, t => $"""
            SELECT {RecordingSql.SampleColumns} FROM {t}
            WHERE session_id = @s AND (observed_at > @at OR (observed_at = @at AND (runner_id > @r OR (runner_id = @r AND seq > @q)))){(bounded ? " AND observed_at < @below" : "")}
            """) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\nORDER BY observed_at, runner_id, seq LIMIT {pageSize}");

    /// <summary>The JSON <c>body</c> column of a session's rows, in the query's order.</summary>
    private async Task<List<T>> ReadBodiesAsync<T>(string sql, string sessionId, CancellationToken ct)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.AddParameter("@s", sessionId);
        var list = new List<T>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(JsonSerializer.Deserialize<T>(r.GetString(0))!);
        }

        return list;
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
