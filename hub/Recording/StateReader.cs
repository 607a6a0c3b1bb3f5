using System.Data.Common;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The group at an instant of the recording, for the review timeline: per runner its latest sample at or before the
/// instant, one seek on <c>samples_by_runner_time</c> each (and the recorder's inbox, <see cref="SampleTables"/>). The SQL
/// is the dialect SQLite and PostgreSQL share.
/// </summary>
internal sealed class StateReader(DbConnection connection) : IAsyncDisposable
{
    /// <summary>
    /// The sample of <paramref name="runnerId"/> with the greatest (observed_at, seq) at or before <paramref name="at"/>;
    /// null when the runner recorded nothing by then.
    /// </summary>
    public async Task<MetricSample?> LatestAtOrBeforeAsync(string sessionId, string runnerId, long at, CancellationToken ct)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = LatestAtOrBeforeSql(SampleTables.Of(connection));
        cmd.AddParameter("@s", sessionId);
        cmd.AddParameter("@r", runnerId);
        cmd.AddParameter("@at", at);
        using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? RecordingSql.ReadSample(r) : null;
    }

    /// <summary>
    /// Backwards along the index from `at`: the first row is the answer (seq breaks ties of one instant). With an inbox,
    /// SQLite merges the samples table's walk down its index with each inbox table's few rows of the runner, sorted.
    /// </summary>
    internal static string LatestAtOrBeforeSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s AND runner_id = @r AND observed_at <= @at")
        + "\nORDER BY observed_at DESC, seq DESC LIMIT 1";

    /// <summary>The session's first and last recorded instant (the timeline's range) on the same connection.</summary>
    public Task<(long From, long To)?> TimeRangeAsync(string sessionId, CancellationToken ct) =>
        SeriesReader.TimeRangeAsync(connection, sessionId, runnerId: null, ct);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
