using System.Text.Json.Serialization;

namespace MindMuscle.Live.Core.Track;

/// <summary>A coach's mark on a runner's timeline (sample time, UTC unix ms): it overrides what is detected from speed.</summary>
public readonly record struct TrackMarker(long At, TrackMarkerKind Kind);

[JsonConverter(typeof(JsonStringEnumConverter<TrackMarkerKind>))]
public enum TrackMarkerKind
{
    [JsonStringEnumMemberName("repStart")] RepStart = 0,
    [JsonStringEnumMemberName("repEnd")] RepEnd = 1,
    [JsonStringEnumMemberName("lap")] Lap = 2,
}
