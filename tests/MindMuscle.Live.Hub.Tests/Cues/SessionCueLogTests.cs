using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Cues;
using MindMuscle.Live.Hub.Cues;

namespace MindMuscle.Live.Hub.Tests.Cues;

public sealed class SessionCueLogTests
{
    [Fact]
    public void Remember_LateDeliveredAfterSpoken_KeepsSpoken()
    {
        var sut = new SessionCueLog([], AutoCueMode.Off, AutoCueOptions.Default);
        sut.Remember(Update("c1", CueStatus.Spoken, at: 2_000));

        sut.Remember(Update("c1", CueStatus.Delivered, at: 3_000));

        Assert.True(sut.TryGet("c1", out var cue));
        Assert.Equal(CueStatus.Spoken, cue.Status);
    }

    [Fact]
    public void Unreported_ExpiredOrReportedOrOtherRunner_LeftOutOldestFirst()
    {
        var sut = new SessionCueLog([], AutoCueMode.Off, AutoCueOptions.Default);
        sut.HandedOut("ana", Cue("late", issuedAt: 2_000, expiresAt: 60_000));
        sut.HandedOut("ana", Cue("early", issuedAt: 1_000, expiresAt: 60_000));
        sut.HandedOut("ana", Cue("expired", issuedAt: 500, expiresAt: 5_000));
        sut.HandedOut("ana", Cue("reported", issuedAt: 700, expiresAt: 60_000));
        sut.HandedOut("ben", Cue("bens", issuedAt: 800, expiresAt: 60_000));
        sut.Reported("reported");

        var pending = sut.Unreported("ana", nowUnixMs: 10_000);

        Assert.Equal(["early", "late"], pending.Select(c => c.CueId));
    }

    [Fact]
    public void Recent_ManyCues_NewestFiftyInIssueOrder()
    {
        var sut = new SessionCueLog(Enumerable.Range(1, 60).Select(i => Update($"c{i}", CueStatus.Sent, at: i * 1_000L)), AutoCueMode.Off, AutoCueOptions.Default);

        var recent = sut.Recent();

        Assert.Equal(Enumerable.Range(11, 50).Select(i => $"c{i}"), recent.Select(c => c.CueId));
    }

    private static CueUpdate Update(string id, CueStatus status, long at) =>
        new() { CueId = id, RunnerId = "ana", Text = "Tall hips", Status = status, IssuedAt = at, ExpiresAt = at + 20_000, At = at };

    private static CueMessage Cue(string id, long issuedAt, long expiresAt) =>
        new() { CueId = id, Text = "Tall hips", IssuedAt = issuedAt, ExpiresAt = expiresAt };
}
