using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Tests.Track;

public sealed class TrackReadingLayoutTests
{
    [Fact]
    public void TrackReading_PacksItsFieldsWithoutPadding()
    {
        // Two rings of 512 per runner across thousands of runners: 8 bytes of padding a reading is megabytes.
        Assert.Equal(48, Unsafe.SizeOf<TrackReading>());
    }
}
