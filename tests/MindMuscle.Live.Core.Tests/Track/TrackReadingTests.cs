using System.Runtime.CompilerServices;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Tests.Track;

public sealed class TrackReadingTests
{
    [Fact]
    public void TrackReading_Layout_PacksIntoFortyEightBytes()
    {
        // Every live runner keeps rings of 512 readings (two detectors each): 8 bytes a reading is 12 MB at 1,500 runners.
        Assert.Equal(48, Unsafe.SizeOf<TrackReading>());
    }
}
