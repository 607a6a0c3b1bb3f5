using MindMuscle.Live.Core.Contracts;
using MindMuscle.Live.Core.Track;

namespace MindMuscle.Live.Core.Tests.Track;

public sealed class TrackMarkersTests
{
    [Fact]
    public void ForRunner_SessionMarkers_TheRunnersAndTheGroupsTrackMarksInTimeOrder()
    {
        SessionMarker[] markers =
        [
            new() { MarkerId = 1, Kind = MarkerKind.RepEnd, RunnerId = "r-ana", At = 300 },
            new() { MarkerId = 2, Kind = MarkerKind.RepStart, At = 100 },
            new() { MarkerId = 3, Kind = MarkerKind.Note, At = 150, Text = "windy" },
            new() { MarkerId = 4, Kind = MarkerKind.Lap, RunnerId = "r-ben", At = 200 },
            new() { MarkerId = 5, Kind = MarkerKind.Lap, At = 250 },
        ];

        var ana = TrackMarkers.ForRunner(markers, "r-ana");
        var ben = TrackMarkers.ForRunner(markers, "r-ben");

        Assert.Equal([new(100, TrackMarkerKind.RepStart), new(250, TrackMarkerKind.Lap), new(300, TrackMarkerKind.RepEnd)], ana);
        Assert.Equal([new(100, TrackMarkerKind.RepStart), new(200, TrackMarkerKind.Lap), new(250, TrackMarkerKind.Lap)], ben);
        Assert.Null(TrackMarkers.From(markers[2]));
    }
}
