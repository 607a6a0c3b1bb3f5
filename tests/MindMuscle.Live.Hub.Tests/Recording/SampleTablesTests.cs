using Microsoft.Data.Sqlite;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// Every read of samples covers the samples table and the recorder's inbox in one statement (<see cref="SampleTables"/>):
/// these pin, by SQLite's own query plans, that the samples table is still read along its index (an ordered read merges
/// the arms and sorts only the small inbox tables' rows), never scanned nor sorted whole.
/// </summary>
public sealed class SampleTablesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mml-sample-tables-");

    private static readonly string[] Layout = ["samples", .. Enumerable.Range(0, Schema.InboxTables).Select(t => $"samples_inbox_{t}")];

    private static readonly string[] SamplesOnly = ["samples"];

    /// <summary>The reads of rows in an order: the SQL over the given tables.</summary>
    private static readonly Dictionary<string, Func<IReadOnlyList<string>, string>> Ordered = new(StringComparer.Ordinal)
    {
        ["ReadSamples"] = RecordingReader.ReadSamplesSql,
        ["ReadRunner"] = RecordingReader.ReadRunnerSql,
        ["ReadByTime"] = t => RecordingReader.ReadByTimeSql(t, 1000),
        ["CsvOrder"] = SqliteCsvRows.OrderSql,
        ["CsvRunnerInSeqOrder"] = SqliteCsvRows.RunnerInSeqOrderSql,
        ["CsvRunnerInTimeOrder"] = SqliteCsvRows.RunnerInTimeOrderSql,
    };

    /// <summary>The reads of aggregates (first and last instants, buckets, totals).</summary>
    private static readonly Dictionary<string, Func<IReadOnlyList<string>, string>> Aggregates = new(StringComparer.Ordinal)
    {
        ["FirstSampleAt"] = RecordingReader.FirstSampleAtSql,
        ["TimeRangeOfSession"] = t => SeriesReader.TimeRangeSql(t, oneRunner: false),
        ["TimeRangeOfRunner"] = t => SeriesReader.TimeRangeSql(t, oneRunner: true),
        ["Buckets"] = t => SeriesReader.BucketsSql(t, "cadence", wide: false),
        ["BucketsWide"] = t => SeriesReader.BucketsSql(t, "cadence", wide: true),
        ["SessionTotals"] = SessionTotals.Sql,
    };

    public static TheoryData<string> OrderedReads => [.. Ordered.Keys];

    public static TheoryData<string> AggregateReads => [.. Aggregates.Keys];

    [Fact]
    public void Of_FileAtTheCurrentSchema_IsTheSamplesTableAndEveryInboxTable()
    {
        var db = new SqliteRecordingDatabase(_folder.FullName);
        db.ApplySchema();
        using var connection = db.Open();

        Assert.Equal(Quoted(Layout), SampleTables.Of(connection));
    }

    [Fact]
    public async Task Of_FileWithOtherTablesNamedLikeInboxTables_ReadsOnlyTheInboxTablesItKnows()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = new SqliteRecordingDatabase(_folder.FullName);
        db.ApplySchema();
        using (var connection = db.Open())
        {
            using (var tx = connection.BeginTransaction())
            {
                db.InsertSamples(connection, tx, "s-1", "r-1", TempRecorder.Samples(1, 3), 1);
                tx.Commit();
            }

            // A crafted (or foreign) file: a copy of the inbox under a slice number the schema has not, and a table whose
            // name is SQL that a read putting the file's names into its statements would run.
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE samples_inbox_99 AS SELECT * FROM samples_inbox;
                CREATE TABLE "samples_inbox_9 WHERE 0; DROP TABLE samples; --" AS SELECT * FROM samples_inbox;
                """;
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        await using var served = new SqliteRecordingDatabase(_folder.FullName, readOnly: true);
        using (var connection = served.Open())
        {
            Assert.Equal(Quoted(Layout), SampleTables.Of(connection));
        }

        await using var reader = new RecordingReader(served.Open());
        Assert.Equal(Enumerable.Range(1, 3).Select(i => (long)i), await reader.ReadRunnerAsync("s-1", "r-1", ct).Select(s => s.Seq).ToListAsync(ct));
    }

    [Theory]
    [MemberData(nameof(OrderedReads))]
    public void OrderedRead_Plan_ReadsTheSamplesTableAsTheReadOfItAloneAndMergesTheInbox(string read)
    {
        var alone = Plan(Ordered[read](SamplesOnly));
        var plan = Plan(Ordered[read](Layout));

        // The samples table's arm (its search, and its sort if the read alone has one) is the read of the table alone:
        // the inbox adds arms merged in the read's order, never a sort of the samples table's rows.
        var samples = Assert.Single(plan, p => p.Detail.StartsWith("SEARCH samples ", StringComparison.Ordinal));
        Assert.Equal(alone.Select(p => p.Detail), plan.Where(p => p.Parent == samples.Parent).Select(p => p.Detail));
        Assert.Equal(Schema.InboxTables, plan.Count(p => p.Detail.StartsWith("MERGE (UNION ALL)", StringComparison.Ordinal)));
        AssertReadsEveryInboxTable(plan);
    }

    [Theory]
    [MemberData(nameof(AggregateReads))]
    public void AggregateRead_Plan_SeeksTheSamplesTableAsTheReadOfItAlone(string read)
    {
        static IEnumerable<string> SamplesTable(List<(long Id, long Parent, string Detail)> plan) =>
            plan.Select(p => p.Detail).Where(d => d.StartsWith("SEARCH samples ", StringComparison.Ordinal) || d.StartsWith("SCAN samples ", StringComparison.Ordinal));

        var alone = Plan(Aggregates[read](SamplesOnly));
        var plan = Plan(Aggregates[read](Layout));

        Assert.NotEmpty(SamplesTable(alone));
        Assert.Equal(SamplesTable(alone), SamplesTable(plan));
        Assert.DoesNotContain(plan, p => p.Detail.StartsWith("SCAN samples ", StringComparison.Ordinal));
        AssertReadsEveryInboxTable(plan);
    }

    [Fact]
    public void SessionTotals_Plan_ScansEachInboxTableOnceForAllSessions()
    {
        var plan = Plan(SessionTotals.Sql(Layout));

        // Once in the whole statement, outside the per-session (correlated) subqueries: not twice per session.
        foreach (var table in Layout.Skip(1))
        {
            var scan = Assert.Single(plan, p => p.Detail == $"SCAN {table}" || p.Detail.StartsWith($"SEARCH {table}", StringComparison.Ordinal));
            Assert.DoesNotContain(Ancestors(plan, scan), p => p.Detail.StartsWith("CORRELATED", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void StateInbox_Plan_ScansEachInboxTableOnceForTheGroup()
    {
        var plan = Plan(StateReader.InboxLatestAtOrBeforeSql([.. Layout.Skip(1)]));

        foreach (var table in Layout.Skip(1))
        {
            Assert.Single(plan, p => p.Detail == $"SCAN {table}" || p.Detail.StartsWith($"SEARCH {table}", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(plan, p => p.Detail.Contains("samples ", StringComparison.Ordinal) || p.Detail.StartsWith("CORRELATED", StringComparison.Ordinal));
    }

    [Fact]
    public void StateSeek_Plan_SeeksTheSamplesTableAloneWithoutASort()
    {
        var plan = Plan(StateReader.LatestAtOrBeforeSql(SamplesOnly));

        var seek = Assert.Single(plan);
        Assert.StartsWith("SEARCH samples USING INDEX samples_by_runner_time (session_id=? AND runner_id=? AND observed_at<?)", seek.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "<")]
    [InlineData(false, ">")]
    public void CsvOrderCut_Plan_ReadsTheTimeIndexFromTheCutWithoutASort(bool before, string range)
    {
        var plan = Plan(SqliteCsvRows.SamplesInOrderSql(before));

        var scan = Assert.Single(plan);
        Assert.Equal($"SEARCH samples USING COVERING INDEX samples_by_time (session_id=? AND observed_at{range}?)", scan.Detail);
    }

    [Theory]
    [InlineData(true, "<")]
    [InlineData(false, ">")]
    public void CsvRunnerCut_Plan_ReadsTheKeyFromTheCutWithoutASort(bool below, string range)
    {
        var plan = Plan(SqliteCsvRows.RunnerSamplesInSeqOrderSql(below));

        var scan = Assert.Single(plan);
        Assert.Equal($"SEARCH samples USING PRIMARY KEY (session_id=? AND runner_id=? AND seq{range}?)", scan.Detail);
    }

    private static IEnumerable<(long Id, long Parent, string Detail)> Ancestors(List<(long Id, long Parent, string Detail)> plan, (long Id, long Parent, string Detail) row)
    {
        while (plan.FirstOrDefault(p => p.Id == row.Parent) is { Detail: not null } parent)
        {
            yield return parent;
            row = parent;
        }
    }

    private static void AssertReadsEveryInboxTable(List<(long Id, long Parent, string Detail)> plan)
    {
        foreach (var table in Layout.Skip(1))
        {
            Assert.Contains(plan, p => p.Detail == $"SCAN {table}" || p.Detail == $"SEARCH {table}");
        }
    }

    private static string[] Quoted(string[] layout) => [layout[0], .. layout.Skip(1).Select(t => $"\"{t}\"")];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private List<(long Id, long Parent, string Detail)> Plan(string sql)
    {
        var db = new SqliteRecordingDatabase(_folder.FullName);
        db.ApplySchema();
        using var connection = db.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@s", "@r", "@from", "@to", "@at", "@q", "@w" })
        {
            cmd.AddParameter(name, 1);
        }

        for (var i = 1; i <= 3; i++)
        {
            cmd.AddParameter($"?{i}", 1);
        }

        var plan = new List<(long, long, string)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                plan.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(3)));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(sql);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', plan.Select(p => $"{p.Item1,4} {p.Item2,4} {p.Item3}")));
        return plan;
    }
}
