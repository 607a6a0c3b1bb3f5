using Microsoft.Extensions.Logging.Abstractions;
using MindMuscle.Live.Core.Samples;
using MindMuscle.Live.Relay.Outbox;
using MindMuscle.Live.Relay.Sources;

namespace MindMuscle.Live.Relay.Tests.Outbox;

public sealed class SqliteOutboxDeadLetterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void DeadLetter_RefusedSeq_LeavesPendingKeptWithReasonAndCounted()
    {
        using var sut = Open();
        sut.Append([Reading(150), Reading(300), Reading(151)]);

        var moved = sut.DeadLetter(0, [2], "samples[1].heartRateBpm (seq 2) is 300 bpm", 1_700_000_001_000);

        Assert.Equal(1, moved);
        Assert.Equal([1L, 3], sut.ReadPending(0, 1, 100).Select(s => s.Seq));
        var stats = sut.GetStats(0);
        Assert.Equal(2, stats.Pending);
        Assert.Equal(1, stats.DeadLettered);
        Assert.Equal("samples[1].heartRateBpm (seq 2) is 300 bpm", stats.DeadLetterReason);
        var letter = Assert.Single(sut.ReadDeadLetters());
        Assert.Equal((0, "s1", "r1", 2L, 1_700_000_001_000L), (letter.RunnerIndex, letter.SessionId, letter.RunnerId, letter.Seq, letter.RefusedAt));
        Assert.Equal(300, letter.Sample!["heartRateBpm"]!.GetValue<int>());
    }

    [Fact]
    public void DeadLetter_SeqAlreadyTrimmedOrMoved_MovesNothingTwice()
    {
        using var sut = Open();
        sut.Append([Reading(150), Reading(150), Reading(150)]);
        sut.Trim(0, 1);

        Assert.Equal(1, sut.DeadLetter(0, [1, 2], "refused", 1));
        Assert.Equal(0, sut.DeadLetter(0, [2], "refused", 2));

        Assert.Equal(1, sut.GetStats(0).DeadLettered);
        Assert.Single(sut.ReadDeadLetters());
    }

    [Fact]
    public void AllDeadLettered_RangesAroundTheDeadSeqs_TrueOnlyWhenEverySeqIsDead()
    {
        using var sut = Open();
        sut.Append([Reading(150), Reading(150), Reading(150), Reading(150)]);
        sut.DeadLetter(0, [2, 3], "refused", 1);

        Assert.True(sut.AllDeadLettered(0, 2, 3));
        Assert.True(sut.AllDeadLettered(0, 5, 4));
        Assert.False(sut.AllDeadLettered(0, 1, 3));
        Assert.False(sut.AllDeadLettered(0, 2, 4));
        Assert.True(sut.IsDeadLettered(0, 3));
        Assert.False(sut.IsDeadLettered(0, 4));
        Assert.False(sut.IsDeadLettered(1, 3));
    }

    [Fact]
    public void Open_AfterDeadLetters_KnowsThemAgainButNotAnEarlierSessions()
    {
        using (var first = Open())
        {
            first.Append([Reading(150), Reading(300)]);
            first.DeadLetter(0, [2], "refused", 1);
            first.Trim(0, 1);
        }

        using (var reopened = Open())
        {
            Assert.True(reopened.IsDeadLettered(0, 2));
            Assert.Equal(1, reopened.GetStats(0).DeadLettered);

            // Another session in the same slot: its seqs start again and are not the old dead letters.
            reopened.ResetRunner(0);
            Assert.False(reopened.IsDeadLettered(0, 2));
            Assert.Equal(0, reopened.GetStats(0).DeadLettered);
            reopened.SaveIdentity(reopened.GetIdentity(0)! with { SessionId = "s2", RunnerId = "r9" });
        }

        using var sut = Open(identity: false);
        Assert.False(sut.IsDeadLettered(0, 2));
        Assert.Equal("s1", Assert.Single(sut.ReadDeadLetters()).SessionId);
    }

    public void Dispose() => _dir.Dispose();

    private SqliteOutbox Open(bool identity = true)
    {
        var outbox = SqliteOutbox.Open(_dir.Path, new OutboxOptions { SynchronousFull = false }, NullLogger.Instance);
        var stored = outbox.EnsureRunner(0, "Ana");
        if (identity && stored.SessionId is null)
        {
            outbox.SaveIdentity(stored with { SessionId = "s1", RunnerId = "r1" });
        }

        return outbox;
    }

    private static SourceReading Reading(int heartRate) =>
        new(0, new MetricSample { ObservedAt = 1_700_000_000_000, HeartRateBpm = heartRate, CadenceSpm = 180 });
}
