using MindMuscle.Live.Relay.Outbox;

namespace MindMuscle.Live.Relay.Tests.Outbox;

public sealed class OutboxCountersTests
{
    [Fact]
    public void Clone_ForAnAppendsRollback_CopiesTheCountsSharesTheDeadSeqs()
    {
        var counters = new OutboxCounters { NextSeq = 4, Pending = 3 };
        counters.DeadSeqs.Add(2);

        var clone = counters.Clone();
        clone.NextSeq = 9;
        clone.Pending = 8;

        // An append never changes the dead seqs, so the snapshot it takes on every reading need not copy them.
        Assert.Same(counters.DeadSeqs, clone.DeadSeqs);
        Assert.Equal((4L, 3L), (counters.NextSeq, counters.Pending));
    }
}
