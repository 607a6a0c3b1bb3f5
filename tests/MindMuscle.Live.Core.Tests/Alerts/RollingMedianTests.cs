using MindMuscle.Live.Core.Alerts.Internal;

namespace MindMuscle.Live.Core.Tests.Alerts;

public sealed class RollingMedianTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void Constructor_CapacityOutsideOneByteOfSlots_Throws(int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RollingMedian<double>(capacity, 20_000));
    }

    [Fact]
    public void Constructor_128Doubles_HoldsEachValueOnce()
    {
        // Every runner holds seven of these: a value kept once (8 bytes), its slot (1) and its time (4), plus headers.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sut = new RollingMedian<double>(128, 20_000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(sut);
        Assert.InRange(allocated, 128 * 13, (128 * 13) + 200);
    }

    [Fact]
    public void Evict_AfterAFullWindowWrapped_DropsEachValueInArrivalOrder()
    {
        var sut = new RollingMedian<float>(4, 60_000);
        sut.Add(1_000, 5);
        sut.Add(2_000, 1);
        sut.Add(3_000, 5);
        sut.Add(4_000, 5);
        sut.Add(5_000, 9);

        // Full: the 5 of 1 s went. Then the window's end passes 2 s (the 1) and 3 s (a 5): 5 and 9 are left.
        sut.Evict(63_500);

        Assert.True(sut.TryGetMedian(63_500, 1, out var median));
        Assert.Equal(2, sut.Count);
        Assert.Equal(7, median);
    }
}
