using System.Data.Common;
using MindMuscle.Live.Core.Contracts;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// Reduced series for review charts, computed in the database: the samples of one runner in [from, to] grouped into
/// buckets of equal width, each with its true min and max (so no zoom level loses an extreme), its mean and its count.
/// Uses the <c>samples_by_runner_time</c> index; the SQL is the dialect SQLite and PostgreSQL share.
/// </summary>
internal sealed class SeriesReader(DbConnection connection) : IAsyncDisposable
{
    /// <summary>The first and last observedAt of a session (or of one runner); null when it has no sample.</summary>
    public Task<(long From, long To)?> TimeRangeAsync(string sessionId, string? runnerId, CancellationToken ct) =>
        TimeRangeAsync(connection, sessionId, runnerId, ct);

    /// <summary>As the instance method, on a connection the caller holds (the state reader's).</summary>
    internal static async Task<(long From, long To)?> TimeRangeAsync(DbConnection connection, string sessionId, string? runnerId, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = TimeRangeSql(SampleTables.Of(connection), runnerId is not null);
        cmd.AddParameter("@s", sessionId);
        if (runnerId is not null)
        {
            cmd.AddParameter("@r", runnerId);
        }

        using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) && !r.IsDBNull(0) && !r.IsDBNull(1) ? (r.GetInt64(0), r.GetInt64(1)) : null;
    }

    /// <summary>
    /// The buckets of <paramref name="metric"/> (a name of <see cref="SampleMetrics"/>) for one runner over [from, to],
    /// at most <paramref name="points"/> of them, ordered by start; buckets without a value are left out.
    /// </summary>
    /// <remarks>
    /// <paramref name="wide"/>: the range covers much of the runner's recording. Then its rows are read along the primary
    /// key (session, runner, seq), which holds every column, instead of through the time index and a key lookup per row;
    /// the unary plus keeps both planners off the time index.
    /// </remarks>
    public async Task<SeriesPoint[]> ReadAsync(
        string sessionId, string runnerId, string metric, long from, long to, int points, CancellationToken ct, bool wide = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var column = SampleMetrics.Columns[metric];
        var width = BucketWidth(from, to, points);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = BucketsSql(SampleTables.Of(connection), column, wide);
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        cmd.AddParameter("@from", from);
        cmd.AddParameter("@to", to);
        cmd.AddParameter("@w", width);
        var list = new List<SeriesPoint>();
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new SeriesPoint
            {
                T = from + (r.GetInt64(0) * width),
                Min = r.GetDouble(1),
                Max = r.GetDouble(2),
                Mean = r.GetDouble(3),
                N = r.GetInt64(4),
            });
        }

        return [.. list];
    }

    /// <summary>
    /// Two scalar subqueries: each is one index seek (a single MIN or MAX is what both planners shortcut); with an inbox,
    /// the same per table and the least and greatest of them.
    /// </summary>
    internal static string TimeRangeSql(IReadOnlyList<string> tables, bool oneRunner)
    {
        var where = oneRunner ? "session_id = @s AND runner_id = @r" : "session_id = @s";
        string Lo(string t) => $"(SELECT MIN(observed_at) FROM {t} WHERE {where})";
        string Hi(string t) => $"(SELECT MAX(observed_at) FROM {t} WHERE {where})";
        return tables is [var only]
            ? $"SELECT {Lo(only)}, {Hi(only)}"
            : $"SELECT MIN(lo), MAX(hi) FROM ({SampleTables.UnionAll(tables, t => $"SELECT {Lo(t)} AS lo, {Hi(t)} AS hi")}) AS u";
    }

    /// <summary>
    /// Integer division on both stores (bigint / bigint); DOUBLE PRECISION so integer columns read as doubles. With an
    /// inbox, the rows of every table are bucketed together (a bucket's mean is over all of them).
    /// </summary>
    internal static string BucketsSql(IReadOnlyList<string> tables, string column, bool wide)
    {
        var plus = wide ? "+" : "";
        string Where() => $"session_id = @s AND runner_id = @r AND {plus}observed_at >= @from AND {plus}observed_at <= @to AND {column} IS NOT NULL";
        if (tables is [var only])
        {
            return $"""
                SELECT (observed_at - @from) / @w AS b,
                       CAST(MIN({column}) AS DOUBLE PRECISION), CAST(MAX({column}) AS DOUBLE PRECISION),
                       CAST(AVG({column}) AS DOUBLE PRECISION), COUNT({column})
                FROM {only}
                WHERE {Where()}
                GROUP BY b ORDER BY b
                """;
        }

        return $"""
            SELECT (observed_at - @from) / @w AS b,
                   CAST(MIN(v) AS DOUBLE PRECISION), CAST(MAX(v) AS DOUBLE PRECISION), CAST(AVG(v) AS DOUBLE PRECISION), COUNT(v)
            FROM ({SampleTables.UnionAll(tables, t => $"SELECT observed_at, {column} AS v FROM {t} WHERE {Where()}")}) AS u
            GROUP BY b ORDER BY b
            """;
    }

    /// <summary>The smallest whole-millisecond width that splits [from, to] into at most <paramref name="points"/> buckets.</summary>
    public static long BucketWidth(long from, long to, int points)
    {
        var span = (decimal)to - from + 1;
        return (long)Math.Max(1, Math.Ceiling(span / points));
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
