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

        var result = await sut.AppendAsync([Reading(0), Reading(1), Reading(0), Reading(0), Reading(1)], Ct);

        Assert.Equal([(0, 1L), (1, 1L), (0, 2L), (0, 3L), (1, 2L)], result.Accepted);
        Assert.Equal(0, result.Refused);
        Assert.Equal([1L, 2, 3], (await sut.ReadPendingAsync(0, 1, 100, Ct)).Select(s => s.Seq));
        Assert.Equal(new OutboxStats(1, 2, 2, 0, 0), sut.GetStats(1));
    }

    [Fact]
    public async Task AppendAsync_Reopened_ContinuesSeqsAndKeepsPending()
    {
        using (var first = await CreateSutAsync())
        {
            await first.AppendAsync([Reading(0), Reading(0), Reading(0)], Ct);
            await first.TrimAsync(0, 2, Ct);
        }

        using var sut = await CreateSutAsync();
        var result = await sut.AppendAsync([Reading(0)], Ct);

        Assert.Equal([(0, 4L)], result.Accepted);
        Assert.Equal([3L, 4], (await sut.ReadPendingAsync(0, 0, 100, Ct)).Select(s => s.Seq));
        Assert.Equal(new OutboxStats(0, 2, 4, 2, 0), sut.GetStats(0));
    }

    [Fact]
    public async Task AppendAsync_FullBySampleCount_RefusesCountedAndSeqsStayContiguous()
    {
        using var sut = await CreateSutAsync(options: new OutboxOptions { MaxPendingSamplesPerRunner = 3 });

        var full = await sut.AppendAsync([Reading(0), Reading(0), Reading(0), Reading(0), Reading(0)], Ct);
        await sut.TrimAsync(0, 2, Ct);
        var after = await sut.AppendAsync([Reading(0), Reading(0), Reading(0)], Ct);

        Assert.Equal(2, full.Refused);
        Assert.Equal([(0, 4L), (0, 5L)], after.Accepted);
        Assert.Equal(1, after.Refused);
        Assert.Equal(3, sut.GetStats(0).Refused);
        Assert.Equal([3L, 4, 5], (await sut.ReadPendingAsync(0, 0, 100, Ct)).Select(s => s.Seq));
    }

    [Fact]
    public async Task AppendAsync_FullByBytes_Refuses()
    {
        using var sut = await CreateSutAsync(options: new OutboxOptions { MaxPendingBytes = 1024 });

        var result = await sut.AppendAsync(Enumerable.Range(0, 50).Select(_ => Reading(0)).ToList(), Ct);

        Assert.InRange(result.Accepted.Count, 1, 49);
        Assert.Equal(50 - result.Accepted.Count, result.Refused);
    }

    [Fact]
    public async Task ReadPendingAsync_FromPositionWithLimit_ReturnsThatWindowInOrder()
    {
        using var sut = await CreateSutAsync();
        await sut.AppendAsync(Enumerable.Range(0, 10).Select(_ => Reading(0)).ToList(), Ct);

        var window = await sut.ReadPendingAsync(0, 4, 3, Ct);

        Assert.Equal([4L, 5, 6], window.Select(s => s.Seq));
        Assert.All(window, s => Assert.Equal(150, s.HeartRateBpm));
    }

    [Fact]
    public async Task TrimAsync_Ack_DeletesUpToAndIgnoresOlderAcks()
    {
        using var sut = await CreateSutAsync();
        await sut.AppendAsync(Enumerable.Range(0, 5).Select(_ => Reading(0)).ToList(), Ct);

        await sut.TrimAsync(0, 3, Ct);
        await sut.TrimAsync(0, 1, Ct);

        Assert.Equal([4L, 5], (await sut.ReadPendingAsync(0, 0, 100, Ct)).Select(s => s.Seq));
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
            await first.SaveIdentityAsync(identity, Ct);
        }

        using var sut = SqliteOutbox.Open(_dir.Path, new OutboxOptions(), NullLogger.Instance);

        Assert.Equal(identity, await sut.GetIdentityAsync(0, Ct));
    }

    [Fact]
    public async Task ResetRunnerAsync_PendingSamples_ThrowsAndKeepsThem()
    {
        using var sut = await CreateSutAsync();
        await sut.AppendAsync([Reading(0)], Ct);

        var ex = await Assert.ThrowsAsync<OutboxNotEmptyException>(() => sut.ResetRunnerAsync(0, Ct));

        Assert.Equal(1, ex.Pending);
        Assert.Equal(1, sut.GetStats(0).Pending);
    }

    [Fact]
    public async Task ResetRunnerAsync_Empty_RestartsSeqsAndForgetsIdentity()
    {
        using var sut = await CreateSutAsync();
        await sut.SaveIdentityAsync(new RunnerIdentity { Index = 0, Name = "Ana", RunnerId = "r1", JoinCode = "OLD" }, Ct);
        await sut.AppendAsync([Reading(0)], Ct);
        await sut.TrimAsync(0, 1, Ct);

        await sut.ResetRunnerAsync(0, Ct);
        var result = await sut.AppendAsync([Reading(0)], Ct);

        Assert.Equal([(0, 1L)], result.Accepted);
        Assert.Null((await sut.GetIdentityAsync(0, Ct))!.RunnerId);
    }

    [Fact]
    public async Task WaitForSeqAsync_SampleAppendedLater_Completes()
    {
        using var sut = await CreateSutAsync();
        var wait = sut.WaitForSeqAsync(0, 1, Ct);
        Assert.False(wait.IsCompleted);

        await sut.AppendAsync([Reading(0)], Ct);

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
            await outbox.EnsureRunnerAsync(i, $"runner-{i}", Ct);
        }

        return outbox;
    }

    private static SourceReading Reading(int runner) =>
        new(runner, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = 150, CadenceSpm = 180 });
}
