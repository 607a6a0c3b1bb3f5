using System.Text;
using CsCheck;
using MindMuscle.Live.Hub.Export;
using MindMuscle.Live.Hub.Recording;
using MindMuscle.Live.Hub.Recording.Postgres;
using MindMuscle.Live.Hub.Tests.Export;
using MindMuscle.Live.TestKit.Servers;

namespace MindMuscle.Live.Hub.Tests.Recording.Postgres;

/// <summary>
/// PostgreSQL keeps the plain ordered read (<see cref="OrderedCsvRows"/>); the same generated recordings as the SQLite
/// property, against a real server (skipped, naming the apt package, when PostgreSQL is missing).
/// </summary>
public sealed class OrderedCsvRowsTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task Export_RandomRecordings_BytesEqualModel()
    {
        postgres.SkipIfUnavailable();
        await using var db = new PostgresRecordingDatabase(
            await postgres.CreateDatabaseAsync("csv_" + Guid.NewGuid().ToString("N")[..10], TestContext.Current.CancellationToken));
        db.ApplySchema();
        var iteration = 0;

        CsvExportModel.Recordings.Sample(runners =>
        {
            // One database, a session per iteration: the others' rows are around it in every index.
            var session = $"s-{Interlocked.Increment(ref iteration):D4}";
            using (var connection = db.Open())
            {
                using var tx = connection.BeginTransaction();
                foreach (var runner in runners)
                {
                    db.InsertSamples(connection, tx, session, runner.RunnerId, runner.Samples, 1);
                }

                tx.Commit();
            }

            var csv = ExportAsync(db, session, runners).GetAwaiter().GetResult();

            Assert.Equal(CsvExportModel.Model(session, runners), csv);
        }, iter: 60, threads: 1, print: CsvExportModel.Print);
    }

    private static async Task<string> ExportAsync(PostgresRecordingDatabase db, string session, ExportRunner[] runners)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        using var rows = await OrderedCsvRows.OpenAsync(connection, session, CancellationToken.None);
        using var output = new MemoryStream();
        await CsvExport.WriteAsync(rows, session, runners.ToDictionary(r => r.RunnerId, r => r.Name, StringComparer.Ordinal), output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
