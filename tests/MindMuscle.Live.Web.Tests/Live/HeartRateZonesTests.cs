using MindMuscle.Live.Web.Live;

namespace MindMuscle.Live.Web.Tests.Live;

public sealed class HeartRateZonesTests
{
    [Theory]
    [InlineData(94, 0)]
    [InlineData(95, 1)]  // 50 % of 190
    [InlineData(113, 1)]
    [InlineData(114, 2)] // 60 %
    [InlineData(132, 2)]
    [InlineData(133, 3)] // 70 %
    [InlineData(151, 3)]
    [InlineData(152, 4)] // 80 %
    [InlineData(170, 4)]
    [InlineData(171, 5)] // 90 %
    [InlineData(230, 5)]
    public void Zone_AtAndAroundEachBoundaryOf190_IsTheUpperZoneFromTheBoundary(int bpm, int zone) =>
        Assert.Equal(zone, HeartRateZones.Zone(bpm, 190));

    [Fact]
    public void Zone_WithAnotherMax_MovesTheBoundaries()
    {
        Assert.Equal(4, HeartRateZones.Zone(160, 200));
        Assert.Equal(3, HeartRateZones.Zone(159, 200));
    }
}
