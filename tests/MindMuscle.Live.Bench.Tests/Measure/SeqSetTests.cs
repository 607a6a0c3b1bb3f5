using MindMuscle.Live.Bench.Load.Measure;

namespace MindMuscle.Live.Bench.Tests.Measure;

public sealed class SeqSetTests
{
    [Fact]
    public void MissingUpTo_EverySeqOnce_IsZero()
    {
        var sut = CreateSut(capacity: 1000);

        for (long seq = 1; seq <= 777; seq++)
        {
            sut.Add(seq);
        }

        Assert.Equal(0, sut.MissingUpTo(777));
        Assert.Equal(0, sut.Duplicates);
        Assert.Equal(777, sut.Distinct);
    }

    [Fact]
    public void MissingUpTo_GapsAcrossWordBoundaries_CountsEachGap()
    {
        var sut = CreateSut(capacity: 1000);
        long[] gaps = [1, 63, 64, 65, 128, 500];

        for (long seq = 1; seq <= 500; seq++)
        {
            if (!gaps.Contains(seq))
            {
                sut.Add(seq);
            }
        }

        Assert.Equal(gaps.Length, sut.MissingUpTo(500));
    }

    [Fact]
    public void Add_SameSeqTwiceAndOutOfRange_CountsDuplicateAndOutOfRange()
    {
        var sut = CreateSut(capacity: 10);

        sut.Add(5);
        sut.Add(5);
        sut.Add(0);
        sut.Add(11);

        Assert.Equal(1, sut.Duplicates);
        Assert.Equal(2, sut.OutOfRange);
        Assert.Equal(1, sut.Distinct);
    }

    private static SeqSet CreateSut(long capacity) => new(capacity);
}
