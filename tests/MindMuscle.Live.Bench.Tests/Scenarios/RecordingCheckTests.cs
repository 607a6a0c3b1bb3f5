using MindMuscle.Live.Bench.Load.Measure;
using MindMuscle.Live.Bench.Load.Report;
using MindMuscle.Live.Bench.Load.Scenarios;

namespace MindMuscle.Live.Bench.Tests.Scenarios;

/// <summary>
/// The recording against what the runners sent: only samples the hub acknowledged count as lost; samples a starved run
/// published but never had acknowledged are reported apart, since the hub never took them.
/// </summary>
public sealed class RecordingCheckTests
{
    [Fact]
    public void Compare_StarvedRunEndsWithUnackedPublishes_CountsThemApartFromTheLost()
    {
        // r1: published 100, acked 80, recorded 1..80 except 10 (an acked sample lost) and 81..90 (unacked but kept).
        // r2: published 50, acked 50, recorded all. r3: published 20, acked 5, nothing recorded.
        var r1 = Seqs(Enumerable.Range(1, 90).Where(s => s != 10));
        var r2 = Seqs(Enumerable.Range(1, 50));
        var recorded = new Dictionary<string, SeqSet> { ["r1"] = r1, ["r2"] = r2 };
        RunnerTally[] runners = [new("r1", 100, 80), new("r2", 50, 50), new("r3", 20, 5)];

        var check = LoadRun.Compare(recorded, runners);

        Assert.Equal(1 + 5, check.Lost);
        Assert.Equal(10 + 15, check.Unacked);
        Assert.Equal(0, check.Duplicates);
    }

    [Fact]
    public void Compare_EverythingAckedAndRecorded_NothingLostOrUnacked()
    {
        var recorded = new Dictionary<string, SeqSet> { ["r1"] = Seqs(Enumerable.Range(1, 40)) };

        var check = LoadRun.Compare(recorded, [new RunnerTally("r1", 40, 40)]);

        Assert.Equal(new RecordingCheck(0, 0, 0), check);
    }

    [Fact]
    public void Violations_UnackedNotRecordedOnly_IsNoRecordingLoss()
    {
        var run = FixedRuns.Clean(new LoadConfig { Runners = 10, Coaches = 1 }) with
        {
            RecordedRows = 990,
            UnackedNotRecorded = 10,
            UnackedRunners = 2,
        };

        var why = Assert.Single(run.Violations(250));

        Assert.Equal("2 runners not fully acked", why);
        Assert.Equal("0/0 +10 unacked", ResultTables.LostCell(run));
    }

    private static SeqSet Seqs(IEnumerable<int> seqs)
    {
        var set = new SeqSet(1000);
        foreach (var seq in seqs)
        {
            set.Add(seq);
        }

        return set;
    }
}
