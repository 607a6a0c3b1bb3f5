using System.Data.Common;
using MindMuscle.Live.Core.Samples;

namespace MindMuscle.Live.Hub.Recording;

/// <summary>
/// The group at an instant of the recording, for the review timeline: per runner its latest sample at or before the
/// instant, one seek on <c>samples_by_runner_time</c> each, and on SQLite one statement over the recorder's inbox for the
/// whole group (<see cref="SampleTables"/>). The SQL is the dialect SQLite and PostgreSQL share.
/// </summary>
internal sealed class StateReader(DbConnection connection) : IAsyncDisposable
{
    private static readonly string[] SamplesOnly = ["samples"];

    /// <summary>
    /// Per runner of <paramref name="runnerIds"/> (same order), the sample with the greatest (observed_at, seq) at or
    /// before <paramref name="at"/>; null when the runner recorded nothing by then.
    /// </summary>
    /// <remarks>
    /// The inbox (no index) is read once for the group, then each runner seeks in the samples table; on SQLite all of it
    /// inside one read transaction, so a move (inbox to samples) committing meanwhile is seen either wholly or not at
    /// all: each committed sample is in exactly one of the two places read.
    /// </remarks>
    public async Task<MetricSample?[]> LatestAtOrBeforeAsync(string sessionId, IReadOnlyList<string> runnerIds, long at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(runnerIds);
        var tables = SampleTables.Of(connection);
        var inInbox = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
        // Deferred: a snapshot for reading, never the write lock (the connection may be a read-only hub's).
        using var snapshot = tables.Count > 1 && connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : null;
        if (tables.Count > 1 && runnerIds.Count > 0)
        {
            using var inbox = connection.CreateCommand();
            inbox.Transaction = snapshot;
            inbox.CommandText = InboxLatestAtOrBeforeSql([.. tables.Skip(1)]);
            inbox.AddParameter("@s", sessionId);
            inbox.AddParameter("@at", at);
            using var r = await inbox.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                inInbox[r.GetString(1)] = RecordingSql.ReadSample(r);
            }
        }

        var latest = new MetricSample?[runnerIds.Count];
        for (var i = 0; i < runnerIds.Count; i++)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = snapshot;
            cmd.CommandText = LatestAtOrBeforeSql(SamplesOnly);
            cmd.AddParameter("@s", sessionId);
            cmd.AddParameter("@r", runnerIds[i]);
            cmd.AddParameter("@at", at);
            MetricSample? found = null;
            using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                if (await r.ReadAsync(ct))
                {
                    found = RecordingSql.ReadSample(r);
                }
            }

            latest[i] = inInbox.TryGetValue(runnerIds[i], out var newer) && (found is null || (newer.ObservedAt, newer.Seq).CompareTo((found.ObservedAt, found.Seq)) > 0)
                ? newer
                : found;
        }

        return latest;
    }

    /// <summary>
    /// Backwards along the index from `at`: the first row is the answer (seq breaks ties of one instant). Over the samples
    /// table alone here; the inbox is read once per request by <see cref="InboxLatestAtOrBeforeSql"/>.
    /// </summary>
    internal static string LatestAtOrBeforeSql(IReadOnlyList<string> tables) =>
        SampleTables.UnionAll(tables, t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s AND runner_id = @r AND observed_at <= @at")
        + "\nORDER BY observed_at DESC, seq DESC LIMIT 1";

    /// <summary>
    /// Per runner of the session, its row of the inbox tables with the greatest (observed_at, seq) at or before `at`: one
    /// scan of each inbox table for the whole group (SQLite only, which has the inbox and window functions).
    /// </summary>
    internal static string InboxLatestAtOrBeforeSql(IReadOnlyList<string> inboxTables) => $"""
        SELECT {RecordingSql.SampleColumns} FROM (
            SELECT {RecordingSql.SampleColumns}, row_number() OVER (PARTITION BY runner_id ORDER BY observed_at DESC, seq DESC) AS n
            FROM ({SampleTables.UnionAll(inboxTables, t => $"SELECT {RecordingSql.SampleColumns} FROM {t} WHERE session_id = @s AND observed_at <= @at")}) AS u
        ) AS latest WHERE n = 1
        """;

    /// <summary>The session's first and last recorded instant (the timeline's range) on the same connection.</summary>
    public Task<(long From, long To)?> TimeRangeAsync(string sessionId, CancellationToken ct) =>
        SeriesReader.TimeRangeAsync(connection, sessionId, runnerId: null, ct);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
