using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>The publishing loop's order within one period (<c>--tick-order</c>), as a pure function of N, R, S and the order.</summary>
public sealed class TickScheduleTests
{
    public static TheoryData<int, int, int, string> Shapes()
    {
        var data = new TheoryData<int, int, int, string>();
        foreach (var order in Enum.GetNames<TickOrder>())
        {
            data.Add(1500, 30, 50, order); // the real shape
            data.Add(20, 20, 1, order); // single session
            data.Add(7, 7, 1, order); // one session, N = R
            data.Add(11, 3, 3, order); // the last session takes the remainder: 3, 3, 5
            data.Add(1, 1, 1, order);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Build_AnyOrder_TicksEveryRunnerExactlyOncePerPeriodAtAscendingOffsetsInsideThePeriod(int runners, int perSession, int sessions, string order)
    {
        var schedule = TickSchedule.Build(runners, perSession, sessions, Enum.Parse<TickOrder>(order), seed: 7);

        Assert.Equal(runners, schedule.Count);
        Assert.Equal(Enumerable.Range(0, runners), schedule.Runners.Order());
        Assert.Equal(runners, schedule.Offsets.Count);
        Assert.All(schedule.Offsets, offset => Assert.InRange(offset, 0, 1 - 1e-12));
        Assert.Equal(schedule.Offsets.Order(), schedule.Offsets);
    }

    [Fact]
    public void Build_Sessions_IsTheOldSequenceRunnerByRunnerEvenlySpaced()
    {
        var schedule = TickSchedule.Build(1500, 30, 50, TickOrder.Sessions, seed: 1);

        // The loop before --tick-order: publish k to runner k % N at k / (N * H).
        Assert.Equal(Enumerable.Range(0, 1500), schedule.Runners);
        Assert.Equal(Enumerable.Range(0, 1500).Select(k => k / 1500.0), schedule.Offsets);
    }

    [Fact]
    public void Build_Interleaved_PutsConsecutiveEntriesInDifferentSessionsRoundRobin()
    {
        const int perSession = 30, sessions = 50;
        var schedule = TickSchedule.Build(perSession * sessions, perSession, sessions, TickOrder.Interleaved, seed: 1);
        var sessionOf = schedule.Runners.Select(r => TickSchedule.SessionOf(r, perSession, sessions)).ToArray();

        // Entry j is in session j mod S, also across the period's end (the next period starts at session 0 again).
        Assert.Equal(Enumerable.Range(0, sessionOf.Length).Select(j => j % sessions), sessionOf);
        for (var j = 0; j < sessionOf.Length; j++)
        {
            Assert.NotEqual(sessionOf[j], sessionOf[(j + 1) % sessionOf.Length]);
        }

        // Each session's samples are spread evenly: its entries are S steps (1/R of the period) apart.
        for (var s = 0; s < sessions; s++)
        {
            var offsets = Enumerable.Range(0, sessionOf.Length).Where(j => sessionOf[j] == s).Select(j => schedule.Offsets[j]).ToArray();
            Assert.Equal(perSession, offsets.Length);
            Assert.All(offsets.Zip(offsets.Skip(1), (a, b) => b - a), gap => Assert.Equal(1.0 / perSession, gap, 1e-9));
        }
    }

    [Fact]
    public void Build_InterleavedWithUnevenLastSession_KeepsConsecutiveEntriesApartWhileTwoSessionsRemain()
    {
        // 11 runners in sessions of 3: the last session holds runners 6..10, so its last runners have no other session left to sit between.
        var schedule = TickSchedule.Build(11, 3, 3, TickOrder.Interleaved, seed: 1);

        Assert.Equal([0, 3, 6, 1, 4, 7, 2, 5, 8, 9, 10], schedule.Runners);
    }

    [Fact]
    public void Build_SingleSessionInterleaved_IsTheSessionsOrder()
    {
        var interleaved = TickSchedule.Build(20, 20, 1, TickOrder.Interleaved, seed: 1);
        var sessions = TickSchedule.Build(20, 20, 1, TickOrder.Sessions, seed: 1);

        Assert.Equal(sessions.Runners, interleaved.Runners);
        Assert.Equal(sessions.Offsets, interleaved.Offsets);
    }

    [Fact]
    public void Build_Random_IsFixedBySeedAndSpreadsASessionOverThePeriod()
    {
        var first = TickSchedule.Build(1500, 30, 50, TickOrder.Random, seed: 42);
        var again = TickSchedule.Build(1500, 30, 50, TickOrder.Random, seed: 42);
        var other = TickSchedule.Build(1500, 30, 50, TickOrder.Random, seed: 43);

        Assert.Equal(first.Runners, again.Runners);
        Assert.Equal(first.Offsets, again.Offsets);
        Assert.NotEqual(first.Runners, other.Runners);

        // Not the sessions order: session 0's 30 runners are not back to back, their phases span most of the period.
        Assert.NotEqual(Enumerable.Range(0, 1500), first.Runners);
        var session0 = Enumerable.Range(0, 1500).Where(j => first.Runners[j] < 30).Select(j => first.Offsets[j]).ToArray();
        Assert.True(session0.Max() - session0.Min() > 0.5, $"session 0 spans {session0.Max() - session0.Min():0.###} of the period");
    }
}
