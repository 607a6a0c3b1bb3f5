using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Outbox;

public sealed class SqliteOutboxTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task AppendAsync_TwoRunners_AssignsContiguousSeqsPerRunner()
    {
        using var sut = await CreateSutAsync(runners: 2);

        var result = sut.Append([Reading(0), Reading(1), Reading(0), Reading(0), Reading(1)]);

        Assert.Equal([(0, 1L), (1, 1L), (0, 2L), (0, 3L), (1, 2L)], result.Accepted);
        Assert.Equal(0, result.Refused);
        Assert.Equal([1L, 2, 3], sut.ReadPending(0, 1, 100).Select(s => s.Seq));
        Assert.Equal(new OutboxStats(1, 2, 2, 0, 0), sut.GetStats(1));
    }

    [Fact]
    public async Task AppendAsync_Reopened_ContinuesSeqsAndKeepsPending()
    {
        using (var first = await CreateSutAsync())
        {
            first.Append([Reading(0), Reading(0), Reading(0)]);
            first.Trim(0, 2);
        }

        using var sut = await CreateSutAsync();
        var result = sut.Append([Reading(0)]);

        Assert.Equal([(0, 4L)], result.Accepted);
        Assert.Equal([3L, 4], sut.ReadPending(0, 0, 100).Select(s => s.Seq));
        Assert.Equal(new OutboxStats(0, 2, 4, 2, 0), sut.GetStats(0));
    }

    [Fact]
    public async Task AppendAsync_FullBySampleCount_RefusesCountedAndSeqsStayContiguous()
    {
        using var sut = await CreateSutAsync(options: new OutboxOptions { MaxPendingSamplesPerRunner = 3 });

        var full = sut.Append([Reading(0), Reading(0), Reading(0), Reading(0), Reading(0)]);
        sut.Trim(0, 2);
        var after = sut.Append([Reading(0), Reading(0), Reading(0)]);

        Assert.Equal(2, full.Refused);
        Assert.Equal([(0, 4L), (0, 5L)], after.Accepted);
        Assert.Equal(1, after.Refused);
        Assert.Equal(3, sut.GetStats(0).Refused);
        Assert.Equal([3L, 4, 5], sut.ReadPending(0, 0, 100).Select(s => s.Seq));
    }

    [Fact]
    public async Task AppendAsync_FullByBytes_Refuses()
    {
        using var sut = await CreateSutAsync(options: new OutboxOptions { MaxPendingBytes = 1024 });

        var result = sut.Append(Enumerable.Range(0, 50).Select(_ => Reading(0)).ToList());

        Assert.InRange(result.Accepted.Count, 1, 49);
        Assert.Equal(50 - result.Accepted.Count, result.Refused);
    }

    [Fact]
    public async Task ReadPendingAsync_FromPositionWithLimit_ReturnsThatWindowInOrder()
    {
        using var sut = await CreateSutAsync();
        sut.Append(Enumerable.Range(0, 10).Select(_ => Reading(0)).ToList());

        var window = sut.ReadPending(0, 4, 3);

        Assert.Equal([4L, 5, 6], window.Select(s => s.Seq));
        Assert.All(window, s => Assert.Equal(150, s.HeartRateBpm));
    }

    [Fact]
    public async Task TrimAsync_Ack_DeletesUpToAndIgnoresOlderAcks()
    {
        using var sut = await CreateSutAsync();
        sut.Append(Enumerable.Range(0, 5).Select(_ => Reading(0)).ToList());

        sut.Trim(0, 3);
        sut.Trim(0, 1);

        Assert.Equal([4L, 5], sut.ReadPending(0, 0, 100).Select(s => s.Seq));
        Assert.Equal(new OutboxStats(0, 2, 5, 3, 0), sut.GetStats(0));
    }

    [Fact]
    public async Task SaveIdentityAsync_Reopened_RestoresIdentity()
    {
        var identity = new RunnerIdentity
        {
            Index = 0, Name = "Ana", HubUrl = "http://127.0.0.1:5080/", JoinCode = "ABCD2345", SessionId = "s1", RunnerId = "r7",
            RejoinSecret = "secret", Token = "token", TokenExpiresAt = 1_800_000_000_000,
        };
        using (var first = await CreateSutAsync())
        {
            first.SaveIdentity(identity);
        }

        using var sut = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance);

        Assert.Equal(identity, sut.GetIdentity(0));
    }

    [Fact]
    public async Task ResetRunnerAsync_PendingSamples_ThrowsAndKeepsThem()
    {
        using var sut = await CreateSutAsync();
        sut.Append([Reading(0)]);

        var ex = Assert.Throws<OutboxNotEmptyException>(() => sut.ResetRunner(0));

        Assert.Equal(1, ex.Pending);
        Assert.Equal(1, sut.GetStats(0).Pending);
    }

    [Fact]
    public async Task ResetRunnerAsync_Empty_RestartsSeqsAndForgetsIdentity()
    {
        using var sut = await CreateSutAsync();
        sut.SaveIdentity(new RunnerIdentity { Index = 0, Name = "Ana", RunnerId = "r1", JoinCode = "OLD" });
        sut.Append([Reading(0)]);
        sut.Trim(0, 1);

        sut.ResetRunner(0);
        var result = sut.Append([Reading(0)]);

        Assert.Equal([(0, 1L)], result.Accepted);
        Assert.Null(sut.GetIdentity(0)!.RunnerId);
    }

    [Fact]
    public async Task WaitForSeqAsync_SampleAppendedLater_Completes()
    {
        using var sut = await CreateSutAsync();
        var wait = sut.WaitForSeqAsync(0, 1, Ct);
        Assert.False(wait.IsCompleted);

        sut.Append([Reading(0)]);

        await wait.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Open_Twice_UsesWalJournal()
    {
        using var sut = await CreateSutAsync();

        using var db = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, SqliteOutbox.FileName)}");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<SqliteOutbox> CreateSutAsync(int runners = 1, OutboxOptions? options = null)
    {
        var outbox = SqliteOutbox.Open(_dir.Path, options ?? new OutboxOptions(), NullLogger.Instance);
        for (var i = 0; i < runners; i++)
        {
            outbox.EnsureRunner(i, $"runner-{i}");
        }

        return outbox;
    }

    private static SourceReading Reading(int runner) =>
        new(runner, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = 150, CadenceSpm = 180 });
}
