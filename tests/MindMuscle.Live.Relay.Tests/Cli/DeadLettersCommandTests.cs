using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Cli;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Cli;

public sealed class DeadLettersCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_DataFolderWithDeadLetters_OneJsonLineEachWithReasonAndReading()
    {
        using (var outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance))
        {
            outbox.EnsureRunner(0, "Ana");
            outbox.Append([
                new SourceReading(0, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = 150 }),
                new SourceReading(0, new MetricSample { ObservedAt = 1_700_000_000_250, HeartRateBpm = 300 }),
            ]);
            outbox.DeadLetter(0, [2], "samples[1].heartRateBpm (seq 2) is 300 bpm; expected 20..255 bpm or null when unknown", 1_700_000_009_000);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DeadLettersCommand.RunAsync(_dir.Path, output, error, Ct);

        Assert.Equal(0, exit);
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(2, json.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(1_700_000_000_250, json.RootElement.GetProperty("observedAt").GetInt64());
        Assert.StartsWith("samples[1].heartRateBpm (seq 2) is 300 bpm", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(300, json.RootElement.GetProperty("sample").GetProperty("heartRateBpm").GetInt32());
        Assert.Contains("1 readings refused by the hub", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BesideALiveOutbox_ListsItsDeadLettersWhileItGoesOnWriting()
    {
        using var outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance);
        outbox.EnsureRunner(0, "Ana");
        outbox.Append([new SourceReading(0, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = 300 })]);
        outbox.DeadLetter(0, [1], "samples[0].heartRateBpm (seq 1) is 300 bpm", 1_700_000_009_000);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DeadLettersCommand.RunAsync(_dir.Path, output, error, Ct);
        outbox.Append([new SourceReading(0, new MetricSample { ObservedAt = 1_700_000_000_250, HeartRateBpm = 150 })]);

        Assert.Equal(0, exit);
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, outbox.GetStats(0).LastSeq);
    }

    [Fact]
    public async Task RunAsync_OutboxFromBeforeDeadLetters_ListsNoneAndWritesNothingToIt()
    {
        using (var outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance))
        {
            outbox.EnsureRunner(0, "Ana");
        }

        var path = Path.Combine(_dir.Path, SqliteOutbox.FileName);
        Execute(path, "DROP TABLE dead_letter; PRAGMA journal_mode=DELETE;");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DeadLettersCommand.RunAsync(_dir.Path, output, error, Ct);

        Assert.Equal(0, exit);
        Assert.Empty(output.ToString());
        Assert.Contains("0 readings refused by the hub", error.ToString(), StringComparison.Ordinal);
        // Read-only: no table created, the journal mode left as it was.
        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'dead_letter'"));
        Assert.Equal("delete", Scalar(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task RunAsync_FolderWithoutOutbox_Exit2SaysWhatToPassAndCreatesNothing()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DeadLettersCommand.RunAsync(_dir.Path, output, error, Ct);

        Assert.Equal(DeadLettersCommand.ExitNoOutbox, exit);
        Assert.Contains("--data DIR", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, SqliteOutbox.FileName)));
    }

    [Fact]
    public async Task RunAsync_OutboxFileThatIsNotADatabase_Exit3SaysToMoveItAsideAndLeavesItAsItWas()
    {
        var path = Path.Combine(_dir.Path, SqliteOutbox.FileName);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        await File.WriteAllBytesAsync(path, garbage, Ct);

        var (exit, output, error) = await RunAsync();

        Assert.Equal(DeadLettersCommand.ExitUnreadable, exit);
        Assert.Empty(output);
        Assert.StartsWith($"dead-letters: {path} is not a relay outbox it can read", error, StringComparison.Ordinal);
        Assert.Contains("move it aside", error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path, Ct));
    }

    [Fact]
    public async Task RunAsync_AnotherProgramsDatabase_Exit3SaysItHoldsNoOutboxTables()
    {
        Execute(Path.Combine(_dir.Path, SqliteOutbox.FileName), "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);");

        var (exit, output, error) = await RunAsync();

        Assert.Equal(DeadLettersCommand.ExitUnreadable, exit);
        Assert.Empty(output);
        Assert.Contains("without the outbox's runner and sample tables", error, StringComparison.Ordinal);
        Assert.Contains("--data DIR", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DeadLetterTableOfAnotherShape_Exit3NamesTheTable()
    {
        Execute(Path.Combine(_dir.Path, SqliteOutbox.FileName), "CREATE TABLE runner (idx INTEGER); CREATE TABLE sample (idx INTEGER); CREATE TABLE dead_letter (id INTEGER PRIMARY KEY, note TEXT);");

        var (exit, _, error) = await RunAsync();

        Assert.Equal(DeadLettersCommand.ExitUnreadable, exit);
        Assert.Contains("its dead_letter table is not the relay's", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DeadLetterWithADamagedReading_Exit3NamesTheRow()
    {
        using (var outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance))
        {
            outbox.EnsureRunner(0, "Ana");
            outbox.Append([new SourceReading(0, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = 300 })]);
            outbox.DeadLetter(0, [1], "samples[0].heartRateBpm (seq 1) is 300 bpm", 1_700_000_009_000);
        }

        Execute(Path.Combine(_dir.Path, SqliteOutbox.FileName), "UPDATE dead_letter SET payload = X'7B2268656172'; PRAGMA journal_mode=DELETE;");

        var (exit, output, error) = await RunAsync();

        Assert.Equal(DeadLettersCommand.ExitUnreadable, exit);
        Assert.Empty(output);
        Assert.Contains("dead letter 1 is damaged", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, string Output, string Error)> RunAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DeadLettersCommand.RunAsync(_dir.Path, output, error, Ct);
        return (exit, output.ToString(), error.ToString());
    }

    private static void Execute(string path, string sql) => Scalar(path, sql);

    private static object? Scalar(string path, string sql)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
