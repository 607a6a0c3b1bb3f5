using System.Text;
using CsCheck;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Hub.Export;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Sqlite;
using MindMuscle.Live.Hub.Tests.Export;

namespace MindMuscle.Live.Hub.Tests.Recording;

/// <summary>
/// The SQLite export reads each runner in key order and takes the order from the time index
/// (<see cref="SqliteCsvRows"/>); these pin that its bytes equal the plain <c>ORDER BY observed_at, runner_id, seq</c>
/// read (<see cref="OrderedCsvRows"/>, the export before, still used for PostgreSQL) and an independent LINQ model,
/// including runners whose clock goes back and ties on observedAt, and samples not yet moved out of the recorder's inbox.
/// </summary>
public sealed class SqliteCsvRowsTests
{
    private const string Session = "s-export";

    [Fact]
    public void Export_RandomRecordings_SqliteBytesEqualSqlOrderAndModel()
    {
        var timeOrderedRunners = 0;
        CsvExportModel.Recordings.Sample(runners =>
        {
            using var db = TempDatabase.Create(runners);

            var sqlOrder = db.Export(c => OrderedCsvRows.OpenAsync(c, Session, CancellationToken.None).GetAwaiter().GetResult());
            SqliteCsvRows? rows = null;
            var sqlite = db.Export(c => rows = SqliteCsvRows.TryOpen((SqliteConnection)c, Session)!);

            Assert.Equal(sqlOrder, sqlite);
            Assert.Equal(CsvExportModel.Model(Session, runners), sqlite);
            Interlocked.Add(ref timeOrderedRunners, rows!.RunnersReadInTimeOrder);
        }, iter: 150, threads: 1, print: CsvExportModel.Print);

        // The generator must reach the fallback, or the property says nothing about it.
        Assert.True(timeOrderedRunners > 0);
    }

    [Fact]
    public void Export_OneRunnersClockGoesBack_SqlOrderAndOnlyThatRunnerReadInTimeOrder()
    {
        const long T = 1_764_000_000_000;
        ExportRunner[] runners =
        [
            new("r-a", "Ana", [Sample(1, T), Sample(2, T + 250), Sample(3, T + 500), Sample(4, T + 750)]),
            // Seq 3 was observed before seq 2 (a phone clock stepped back), seq 5 before everything.
            new("r-b", "Ben", [Sample(1, T + 250), Sample(2, T + 750), Sample(3, T + 500), Sample(4, T + 1000), Sample(5, T - 250)]),
        ];
        using var db = TempDatabase.Create(runners);
        SqliteCsvRows? rows = null;

        var sqlite = db.Export(c => rows = SqliteCsvRows.TryOpen((SqliteConnection)c, Session)!);

        Assert.Equal(db.Export(c => OrderedCsvRows.OpenAsync(c, Session, CancellationToken.None).GetAwaiter().GetResult()), sqlite);
        Assert.Equal(["r-b 5", "r-a 1", "r-a 2", "r-b 1", "r-a 3", "r-b 3", "r-a 4", "r-b 2", "r-b 4"], RunnerAndSeq(sqlite));
        Assert.Equal(1, rows!.RunnersReadInTimeOrder);
    }

    [Fact]
    public async Task ExportCsv_ClockGoesBackAndTiesAcrossRunners_HubStreamsRowsInSqlOrder()
    {
        await using var host = HubTestHost.Start();
        var session = await host.CreateSessionAsync();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var published = new List<(string RunnerId, long Seq, long At)>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, offsets) in new[]
        {
            // Every runner samples on the same 250 ms grid: ties on observedAt across runners at every step.
            ("Ana", new long[] { 0, 250, 500, 750, 1000, 1250 }),
            ("Ben", new long[] { 0, 250, 500, 750, 1000, 1250 }),
            // Cleo's clock steps back twice (seq 3 and seq 6), and seq 4 ties with seq 2.
            ("Cleo", new long[] { 0, 500, 250, 500, 1250, -250 }),
        })
        {
            var join = await host.JoinAsync(session.JoinCode, name);
            var runner = await host.ConnectAsync(join.RunnerToken);
            var samples = offsets.Select((o, i) => new MetricSample { Seq = i + 1, ObservedAt = start + o, HeartRateBpm = 140 + i, CadenceSpm = 170.5 + i }).ToArray();
            var ack = await runner.InvokeAsync<PublishAck>(LiveHubContract.Publish, new SampleBatch { Samples = samples }, TestContext.Current.CancellationToken).WaitAsync(HubTestHost.Timeout, TestContext.Current.CancellationToken);
            Assert.Equal(samples.Length, ack.Accepted);
            published.AddRange(samples.Select(s => (join.RunnerId, s.Seq, s.ObservedAt)));
            names[join.RunnerId] = name;
        }

        using var response = await host.Http.SendAsync(HubTestHost.Get($"/api/sessions/{session.SessionId}/export.csv", bearer: session.CoachToken), TestContext.Current.CancellationToken);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var expected = published
            .OrderBy(p => p.At).ThenBy(p => p.RunnerId, CsvExportModel.Utf8Order.Instance).ThenBy(p => p.Seq)
            .Select(p => $"{p.RunnerId} {p.Seq}");

        response.EnsureSuccessStatusCode();
        Assert.Equal(expected, RunnerAndSeq(csv));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataPath, "recording.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        using var sqlOrder = await OrderedCsvRows.OpenAsync(connection, session.SessionId, TestContext.Current.CancellationToken);
        Assert.Equal(await ExportAsync(sqlOrder, session.SessionId, names), csv);
    }

    [Fact]
    public void Export_InMemoryDatabase_ReadsThroughTheConnectionsHandleSameBytes()
    {
        const long T = 1_764_000_000_000;
        ExportRunner[] runners =
        [
            new("r-a", "Ana", [Sample(1, T), Sample(2, T + 250), Sample(3, T + 500)]),
            new("r-b", "Ben", [Sample(1, T + 250), Sample(2, T + 750), Sample(3, T + 500)]),
        ];
        using var db = TempDatabase.Create(runners);
        SqliteCsvRows? own = null, shared = null;

        var ownBytes = db.Export(c => own = SqliteCsvRows.TryOpen((SqliteConnection)c, Session)!);
        var sharedBytes = db.Export(c => shared = SqliteCsvRows.TryOpen((SqliteConnection)c, Session)!, inMemoryCopy: true);

        Assert.True(own!.ReadsThroughOwnHandle);
        Assert.False(shared!.ReadsThroughOwnHandle); // no file to open again: the connection's handle is used
        Assert.Equal(ownBytes, sharedBytes);
        Assert.Equal(db.Export(c => OrderedCsvRows.OpenAsync(c, Session, CancellationToken.None).GetAwaiter().GetResult()), sharedBytes);
    }

    private static MetricSample Sample(long seq, long at) => new() { Seq = seq, ObservedAt = at, CadenceSpm = 180 };

    /// <summary>"runnerId seq" per data row (for tests whose ids and names hold no comma or quote).</summary>
    private static List<string> RunnerAndSeq(string csv) =>
        csv.Split("\r\n").Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(c => $"{c[1]} {c[3]}").ToList();

    private static async Task<string> ExportAsync(ICsvRows rows, string sessionId, IReadOnlyDictionary<string, string> names)
    {
        using var output = new MemoryStream();
        await CsvExport.WriteAsync(rows, sessionId, names, output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>A real recording file: the runners in <see cref="Session"/>, and the same samples in a session before and one after it.</summary>
    private sealed class TempDatabase : IDisposable
    {
        private readonly DirectoryInfo _folder;
        private readonly ExportRunner[] _runners;

        private TempDatabase(DirectoryInfo folder, ExportRunner[] runners)
        {
            _folder = folder;
            _runners = runners;
        }

        public string Path => System.IO.Path.Combine(_folder.FullName, "recording.db");

        public static TempDatabase Create(ExportRunner[] runners)
        {
            var folder = Directory.CreateTempSubdirectory("mml-export-order-");
            var db = new SqliteRecordingDatabase(folder.FullName);
            db.ApplySchema();
            using (var connection = db.Open())
            {
                using var tx = connection.BeginTransaction();
                // Backwards, in two writes, and next to another session with the same runner ids: key order, time order
                // and insertion order all differ. As a live recording leaves them, a runner's samples are all in the
                // clustered table, all still in the recorder's inbox, or split between the two (its later seqs moved, or
                // its earlier ones as a live recording leaves them).
                void Insert(ExportRunner runner, Range range)
                {
                    db.InsertSamples(connection, tx, Session, runner.RunnerId, runner.Samples[range], 1);
                    db.InsertSamples(connection, tx, "s-other", runner.RunnerId, runner.Samples[range], 1);
                    db.InsertSamples(connection, tx, "s-a", runner.RunnerId, runner.Samples[range], 1);
                }

                for (var i = 0; i < runners.Length; i++)
                {
                    var half = runners[i].Samples.Length / 2;
                    Insert(runners[i], (i % 4) switch { 0 or 2 => half.., 3 => ..half, _ => 0..0 });
                    Insert(runners[i], (i % 4) switch { 0 => ..half, _ => 0..0 });
                }

                db.MoveInbox(connection, tx);
                for (var i = 0; i < runners.Length; i++)
                {
                    var half = runners[i].Samples.Length / 2;
                    Insert(runners[i], (i % 4) switch { 1 or 3 => half.., 2 => ..half, _ => 0..0 });
                    Insert(runners[i], (i % 4) switch { 1 => ..half, _ => 0..0 });
                }

                tx.Commit();
                // Not kept in the pool: every iteration has its own file.
                SqliteConnection.ClearPool((SqliteConnection)connection);
            }

            return new TempDatabase(folder, runners);
        }

        public string Export(Func<System.Data.Common.DbConnection, ICsvRows> open, bool inMemoryCopy = false)
        {
            using var file = new SqliteConnection($"Data Source={Path};Pooling=False");
            file.Open();
            using var memory = new SqliteConnection("Data Source=:memory:");
            if (inMemoryCopy)
            {
                memory.Open();
                file.BackupDatabase(memory);
            }

            var connection = inMemoryCopy ? memory : file;
            using var rows = open(connection);
            var names = _runners.ToDictionary(r => r.RunnerId, r => r.Name, StringComparer.Ordinal);
            return ExportAsync(rows, Session, names).GetAwaiter().GetResult();
        }

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
